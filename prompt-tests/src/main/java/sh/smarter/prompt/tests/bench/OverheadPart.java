package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import sh.smarter.prompt.tests.server.ServeProcess;

/**
 * Server overhead per turn at 1, 16 and 64 concurrent sessions: one client thread per session, each prompting its
 * own session in a loop, against a provider that answers after 1 s. Overhead is what the client waited minus what
 * the provider took (measured at the fake, see {@link TimedFakeProvider}). With a provider that answered at once,
 * 16 sessions prompting back to back would saturate the server and the "overhead" would be their queue; the
 * saturation is the throughput part's to measure.
 *
 * <p>Sessions that start together stay in step (each turn takes the same second), so each round's prompts reach the
 * server in one burst and the level's figures include that burst's queue. The target's level (16) is therefore
 * measured once more with its sessions started 1/16 of the latency apart, as people chatting independently arrive.
 * The target's verdict stays on the level started together, as it was measured before.
 */
final class OverheadPart {
    /** The target's level, measured once more with its sessions started apart. */
    static final int SPREAD_SESSIONS = 16;

    private OverheadPart() {
    }

    static List<Level> run(TimedPrompts client, TimedFakeProvider provider, BenchOptions options) {
        return levels("overhead", client::newSessions, client, provider, options);
    }

    /**
     * The same levels against the bare Javalin relay ({@link BareJavalinEndpoint} with a provider), which answers
     * {@code recordedResponse} after a round trip to its own timed fake: the floor the platform sets under the
     * product's overhead, measured by the same client with the same provider latency.
     */
    static List<Level> relayFloor(String recordedResponse, BenchOptions options, Consumer<String> note) {
        Path payload = BareJavalinEndpoint.payloadFile(recordedResponse, options.outputDir());
        try (TimedFakeProvider provider = new TimedFakeProvider();
             ServeProcess relay = ServeProcess.mainClass(options.serverJava(), List.of("-Xmx512m"),
                     BareJavalinEndpoint.class, List.of(payload.toString(), provider.baseUrl()), options.outputDir(),
                     "relay");
             TimedPrompts client = new TimedPrompts(relay.baseUrl())) {
            note.accept(warmUp(relay.pid(), client, provider, options).describe());
            return levels("overhead floor (bare Javalin relay)", BareJavalinEndpoint::sessionKeys, client, provider,
                    options);
        }
    }

    /**
     * Requests with the provider answering at once, for at least as long as the product's server is warmed before its
     * levels and until the relay's JIT goes quiet: at 1 s per request the levels' own warm-up makes a few dozen, and
     * the floor would be the relay's code running cold (both sides must be warmed alike).
     */
    private static JitWarmUp.Outcome warmUp(long pid, TimedPrompts client, TimedFakeProvider provider,
                                            BenchOptions options) {
        Duration minimum = options.serverWarmup();
        BenchLog.progress("overhead floor (bare Javalin relay): warming up for at least %d s", minimum.toSeconds());
        List<String> sessions = BareJavalinEndpoint.sessionKeys(16);
        return JitWarmUp.run("the bare Javalin relay", pid, minimum, options.warmupLimit(minimum),
                duration -> relayLoad(sessions, client, provider, duration));
    }

    private static void relayLoad(List<String> sessions, TimedPrompts client, TimedFakeProvider provider,
                                  Duration duration) {
        SessionLoad.Result warmup = SessionLoad.forDuration(sessions, client.driver(provider), Duration.ZERO,
                duration, SessionLoad.Window.NONE);
        // The relay has no retries of its own: a request lost now and then (1 of about 74,000 in a warm-up, seen once
        // with the JDK's client) does not spoil a warm-up; more than one in a hundred would mean a broken relay.
        int failed = warmup.failures().count();
        if (failed > 0) {
            BenchLog.progress("overhead floor (bare Javalin relay): %d of %d warm-up requests failed, the first"
                    + " with: %s", failed, warmup.measured().size(), warmup.failures().first());
        }
        if (failed * 100 > warmup.measured().size()) {
            throw new IllegalStateException(failed + " of " + warmup.measured().size() + " warm-up requests to the"
                    + " relay failed, the first with: " + warmup.failures().first());
        }
    }

    private static List<Level> levels(String what, IntFunction<List<String>> sessionsOf, TimedPrompts client,
                                      TimedFakeProvider provider, BenchOptions options) {
        List<Level> levels = new ArrayList<>();
        provider.latency(options.overheadProviderLatency());
        try {
            for (int sessions : options.overheadLevels()) {
                BenchLog.progress("%s: %d concurrent sessions, provider answering after %d ms", what, sessions,
                        options.overheadProviderLatency().toMillis());
                SessionLoad.Result load = SessionLoad.forDuration(sessionsOf.apply(sessions),
                        client.driver(provider), options.levelWarmup(), options.overheadMeasured(sessions),
                        SessionLoad.Window.NONE);
                levels.add(new Level(sessions, false, load));
            }
            BenchLog.progress("%s: %d concurrent sessions started apart", what, SPREAD_SESSIONS);
            Duration spread = options.overheadProviderLatency();
            levels.add(new Level(SPREAD_SESSIONS, true, SessionLoad.forDuration(sessionsOf.apply(SPREAD_SESSIONS),
                    client.driver(provider), options.levelWarmup().plus(spread),
                    options.overheadMeasured(SPREAD_SESSIONS), SessionLoad.Window.NONE, spread)));
        } finally {
            provider.latency(Duration.ZERO);
        }
        return levels;
    }

    /**
     * One concurrency level.
     *
     * @param spread false: every session starts at once and, with each turn taking the provider's fixed latency, they
     *               stay in step, so each round's prompts reach the server in one burst; true: session i starts
     *               i / sessions of the latency later, so the prompts arrive spread out, as those of people chatting
     *               independently do
     */
    record Level(int sessions, boolean spread, SessionLoad.Result load) {
        /** "16", or "16 apart" for a spread level. */
        String label() {
            return sessions + (spread ? " apart" : "");
        }

        ObjectNode toJson() {
            ObjectNode json = BenchJson.object().put("sessions", sessions).put("started_apart", spread)
                    .put("turns_measured", load.measured().size())
                    .put("turns_per_second", BenchJson.round(load.turnsPerSecond(), 1))
                    .put("failures", load.failures().count())
                    .put("first_failure", load.failures().first());
            json.set("overhead", load.overhead().toJson());
            json.set("latency", load.latency().toJson());
            json.set("provider", load.provider().toJson());
            return json;
        }
    }
}
