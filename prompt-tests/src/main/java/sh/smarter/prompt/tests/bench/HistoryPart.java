package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import sh.smarter.prompt.tests.bench.TimedPrompts.ConfigSample;
import sh.smarter.prompt.tests.bench.TimedPrompts.TurnSample;

/**
 * The cost of one turn, and of the configuration object, on sessions holding 10, 1,000 and 10,000 messages.
 *
 * <p>The sessions are filled through the server itself, with real turns (a turn of the example chatbot stores five
 * messages and one provider exchange whose request holds the context), so that a long session holds what a long
 * conversation really leaves behind. Then one client measures, round after round, a turn and a configuration
 * request on a session of each size, the sizes in a shuffled order each round so that noise hits them alike.
 */
final class HistoryPart {
    /** What one turn of the example chatbot stores: the user's message, three status lines and the answer. */
    private static final int MESSAGES_PER_TURN = 5;

    private HistoryPart() {
    }

    static History run(TimedPrompts client, TimedFakeProvider provider, BenchOptions options) {
        List<Integer> sizes = options.historySizes();
        int rounds = options.historyWarmupRounds() + options.historyRounds();
        Map<Integer, List<String>> sessionsBySize = new LinkedHashMap<>();
        Map<String, Integer> fill = new LinkedHashMap<>();
        for (int size : sizes) {
            // The smallest size gets a session per round so it stays small; the large ones grow by a few percent.
            int sessions = size == sizes.get(0) ? rounds : size >= 10_000 && options.quick() ? 1 : 2;
            List<String> keys = client.newSessions(sessions);
            sessionsBySize.put(size, keys);
            keys.forEach(key -> fill.put(key, turnsToReach(size)));
        }
        BenchLog.progress("history: filling %d sessions with %,d turns", fill.size(),
                fill.values().stream().mapToInt(Integer::intValue).sum());
        SessionLoad.Result prefill = SessionLoad.turnsEach(fill, client.driver(provider));

        BenchLog.progress("history: %d rounds of one turn and one configuration request per size", rounds);
        Map<Integer, SizeResult> results = new LinkedHashMap<>();
        sizes.forEach(size -> results.put(size, new SizeResult(size, sessionsBySize.get(size).size())));
        Random order = new Random(42);
        List<Integer> shuffled = new ArrayList<>(sizes);
        for (int round = 0; round < rounds; round++) {
            Collections.shuffle(shuffled, order);
            for (int size : shuffled) {
                List<String> sessions = sessionsBySize.get(size);
                String session = sessions.get(round % sessions.size());
                TurnSample turn = client.turn(session, provider, provider.newQuestion());
                ConfigSample config = client.config(session);
                if (round >= options.historyWarmupRounds()) {
                    results.get(size).add(turn, config);
                }
            }
        }
        return new History(List.copyOf(results.values()), prefill);
    }

    /** A new session starts with the chatbot's system message; each turn adds five. */
    private static int turnsToReach(int messages) {
        return Math.max(1, (messages - 1 + MESSAGES_PER_TURN - 1) / MESSAGES_PER_TURN);
    }

    /** All sizes, and how the sessions were filled. */
    record History(List<SizeResult> sizes, SessionLoad.Result prefill) {
        SizeResult largest() {
            return sizes.get(sizes.size() - 1);
        }

        SizeResult smallest() {
            return sizes.get(0);
        }

        ObjectNode toJson() {
            ObjectNode json = BenchJson.object();
            json.putObject("prefill").put("turns", prefill.completedInWindow())
                    .put("seconds", BenchJson.round(prefill.seconds(), 1))
                    .put("failures", prefill.failures().count())
                    .put("first_failure", prefill.failures().first());
            sizes.forEach(size -> json.withArray("sizes").add(size.toJson()));
            json.set("ratios_largest_to_smallest", largest().ratiosTo(smallest()));
            json.set("ratios_largest_to_middle", largest().ratiosTo(sizes.get(sizes.size() / 2)));
            return json;
        }
    }

    /** The measurements on sessions of one size. */
    static final class SizeResult {
        final int messages;
        final int sessions;
        private final List<TurnSample> turns = new ArrayList<>();
        private final List<ConfigSample> configs = new ArrayList<>();

        SizeResult(int messages, int sessions) {
            this.messages = messages;
            this.sessions = sessions;
        }

        void add(TurnSample turn, ConfigSample config) {
            turns.add(turn);
            configs.add(config);
        }

        Samples turnOverhead() {
            return Samples.of(turns.stream().filter(TurnSample::ok).map(TurnSample::overheadNanos).toList());
        }

        Samples turnLatency() {
            return Samples.of(turns.stream().filter(TurnSample::ok).map(TurnSample::latencyNanos).toList());
        }

        Samples configLatency() {
            return Samples.of(configs.stream().filter(c -> c.status() == 200).map(ConfigSample::nanos).toList());
        }

        /** The median size of the configuration object, in bytes. */
        long configBytes() {
            return median(configs.stream().map(c -> (long) c.bytes()).toList());
        }

        long turnResponseBytes() {
            return median(turns.stream().map(t -> (long) t.responseBytes()).toList());
        }

        long failures() {
            return turns.stream().filter(t -> !t.ok()).count()
                    + configs.stream().filter(c -> c.status() != 200).count();
        }

        /** This size's figures divided by another's: 1.0 is flat. */
        ObjectNode ratiosTo(SizeResult base) {
            return BenchJson.object()
                    .put("turn_overhead_p50", BenchJson.round(turnOverhead().p50() / base.turnOverhead().p50(), 2))
                    .put("turn_latency_p50", BenchJson.round(turnLatency().p50() / base.turnLatency().p50(), 2))
                    .put("config_latency_p50", BenchJson.round(configLatency().p50() / base.configLatency().p50(), 2))
                    .put("config_bytes", BenchJson.round((double) configBytes() / base.configBytes(), 2));
        }

        private static long median(List<Long> values) {
            List<Long> sorted = values.stream().sorted().toList();
            return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
        }

        ObjectNode toJson() {
            ObjectNode json = BenchJson.object().put("messages", messages).put("sessions", sessions)
                    .put("turns_measured", turns.size())
                    .put("failures", failures())
                    .put("turn_response_bytes", turnResponseBytes())
                    .put("config_bytes", configBytes());
            json.set("turn_overhead", turnOverhead().toJson());
            json.set("turn_latency", turnLatency().toJson());
            json.set("config_latency", configLatency().toJson());
            return json;
        }
    }
}
