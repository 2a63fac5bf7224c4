package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Server overhead per turn at 1, 16 and 64 concurrent sessions: one client thread per session, each prompting its
 * own session in a loop against a provider that answers at once. Overhead is what the client waited minus what the
 * provider took (measured at the fake, see {@link TimedFakeProvider}).
 */
final class OverheadPart {
    private OverheadPart() {
    }

    static List<Level> run(PromptClient client, TimedFakeProvider provider, BenchOptions options) {
        List<Level> levels = new ArrayList<>();
        for (int sessions : options.overheadLevels()) {
            BenchLog.progress("overhead: %d concurrent sessions", sessions);
            SessionLoad.Result load = SessionLoad.forDuration(client.newSessions(sessions), client.driver(provider),
                    options.levelWarmup(), options.levelMeasured(), SessionLoad.Window.NONE);
            levels.add(new Level(sessions, load));
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
