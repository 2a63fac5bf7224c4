package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import sh.smarter.prompt.tests.server.ServeProcess;

/**
 * Turns per second at saturation against a provider that answers at once, and the ceiling: the bare Javalin endpoint
 * ({@link BareJavalinEndpoint}) under the same client and the same number of connections. Both servers run in
 * their own JVM on the same JDK; the client and the fake provider share the benchmark's JVM, so all three compete
 * for the two cores, as they would on one small host. CPU seconds per turn of the server process tell how much of
 * the machine each one needs, whoever else is busy.
 */
final class ThroughputPart {
    private ThroughputPart() {
    }

    static Throughput product(TimedPrompts client, TimedFakeProvider provider, long serverPid, BenchOptions options) {
        BenchLog.progress("throughput: %d sessions, zero-latency provider", options.saturationSessions());
        ProcessProbe.CpuMeter cpu = new ProcessProbe.CpuMeter(serverPid, ProcessHandle.current().pid());
        SessionLoad.Result load = SessionLoad.forDuration(client.newSessions(options.saturationSessions()),
                client.driver(provider), options.levelWarmup(), options.levelMeasured(), cpu);
        return new Throughput(options.saturationSessions(), load, cpu.spentSeconds(0), cpu.spentSeconds(1));
    }

    /** The bare endpoint answering {@code recordedResponse} (a prompt response of the real server). */
    static Throughput ceiling(String recordedResponse, List<String> jvmOptions, BenchOptions options,
                              Consumer<String> note) {
        BenchLog.progress("throughput ceiling: bare Javalin endpoint, %d connections", options.saturationSessions());
        Path payload = BareJavalinEndpoint.payloadFile(recordedResponse, options.outputDir());
        try (ServeProcess bare = ServeProcess.mainClass(options.serverJava(), jvmOptions,
                BareJavalinEndpoint.class, List.of(payload.toString()), options.outputDir(), "ceiling");
             TimedPrompts client = new TimedPrompts(bare.baseUrl())) {
            TimedFakeProvider.Question question = TimedFakeProvider.question("ceiling");
            List<String> sessions = BareJavalinEndpoint.sessionKeys(options.saturationSessions());
            SessionLoad.TurnDriver driver = key -> client.turn(key, null, question);
            // A tenth of the product's classes, yet its JIT too needed over a minute of load (80 s in one run): the
            // same rule as for the product, from a shorter minimum.
            note.accept(JitWarmUp.run("the bare Javalin ceiling", bare.pid(), options.shortWarmup(),
                    options.warmupLimit(options.shortWarmup()), duration -> SessionLoad.forDuration(sessions, driver,
                            Duration.ZERO, duration, SessionLoad.Window.NONE)).describe());
            ProcessProbe.CpuMeter cpu = new ProcessProbe.CpuMeter(bare.pid(), ProcessHandle.current().pid());
            SessionLoad.Result load = SessionLoad.forDuration(sessions, driver, options.levelWarmup(),
                    options.levelMeasured(), cpu);
            return new Throughput(options.saturationSessions(), load, cpu.spentSeconds(0), cpu.spentSeconds(1));
        }
    }

    /**
     * Saturation throughput of one server.
     *
     * @param serverCpuSeconds CPU the server process spent in the measured window
     * @param benchCpuSeconds  CPU the benchmark's JVM (client and fake provider) spent in it
     */
    record Throughput(int connections, SessionLoad.Result load, double serverCpuSeconds, double benchCpuSeconds) {
        double turnsPerSecond() {
            return load.turnsPerSecond();
        }

        double serverCpuMillisPerTurn() {
            return 1000 * serverCpuSeconds / load.completedInWindow();
        }

        double benchCpuMillisPerTurn() {
            return 1000 * benchCpuSeconds / load.completedInWindow();
        }

        ObjectNode toJson() {
            ObjectNode json = BenchJson.object().put("connections", connections)
                    .put("turns_per_second", BenchJson.round(turnsPerSecond(), 1))
                    .put("server_cpu_ms_per_turn", BenchJson.round(serverCpuMillisPerTurn(), 3))
                    .put("client_and_fake_cpu_ms_per_turn", BenchJson.round(benchCpuMillisPerTurn(), 3))
                    .put("failures", load.failures().count())
                    .put("first_failure", load.failures().first());
            json.set("latency", load.latency().toJson());
            return json;
        }
    }
}
