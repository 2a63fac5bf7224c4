package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Server overhead per turn at 1, 16 and 64 concurrent sessions: one client thread per session, each prompting its
 * own session in a loop, against a provider that answers after 1 s. Overhead is what the client waited minus what
 * the provider took (measured at the fake, see {@link TimedFakeProvider}). With a provider that answered at once,
 * 16 sessions prompting back to back would saturate the server and the "overhead" would be their queue; the
 * saturation is the throughput part's to measure.
 */
final class OverheadPart {
    private OverheadPart() {
    }

    static List<Level> run(TimedPrompts client, TimedFakeProvider provider, BenchOptions options) {
        List<Level> levels = new ArrayList<>();
        provider.latency(options.overheadProviderLatency());
        try {
            for (int sessions : options.overheadLevels()) {
                BenchLog.progress("overhead: %d concurrent sessions, provider answering after %d ms", sessions,
                        options.overheadProviderLatency().toMillis());
                SessionLoad.Result load = SessionLoad.forDuration(client.newSessions(sessions),
                        client.driver(provider), options.levelWarmup(), options.overheadMeasured(sessions),
                        SessionLoad.Window.NONE);
                levels.add(new Level(sessions, load));
            }
        } finally {
            provider.latency(Duration.ZERO);
        }
        return levels;
    }

    /** One concurrency level. */
    record Level(int sessions, SessionLoad.Result load) {
        ObjectNode toJson() {
            ObjectNode json = BenchJson.object().put("sessions", sessions)
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
