package sh.smarter.prompt.tests.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sh.smarter.prompt.tests.bench.BenchDatabase.ServerWork;
import sh.smarter.prompt.tests.bench.BenchDatabase.StorageSnapshot;
import sh.smarter.prompt.tests.bench.BenchOptions.DatabaseKind;
import sh.smarter.prompt.tests.bench.BenchOptions.Part;
import sh.smarter.prompt.tests.server.ServeProcess;

/**
 * The server benchmark behind {@code bench/run}: starts the real server ({@code prompt serve} from the runnable
 * jar, in its own JVM, on a database of its own) against the scripted fake provider and measures the quality bars
 * of SPEC section 9: overhead per turn, saturation throughput against a bare Javalin ceiling, the cost of a turn and
 * of the configuration object as history grows, bytes stored per message, and how many slow-provider turns one
 * server holds on Java 17 and Java 25. Prints a table on stdout and writes one JSON document under
 * {@code prompt-tests/target/bench/}. Not a test: nothing here passes or fails, the report says which targets the
 * numbers meet.
 */
public final class ServerBenchmark {
    /** Sequential turns on a new server before any concurrent load. */
    private static final int COLD_START_TURNS = 20;

    private final BenchOptions options;
    private final BenchReport report;
    private String recordedPromptResponse;

    private ServerBenchmark(BenchOptions options) {
        this.options = options;
        this.report = new BenchReport(options, options.serverJvmOptions());
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("bench/run: " + e.getMessage());
            }
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            Files.createDirectories(options.outputDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BenchReport report = new ServerBenchmark(options).run();
        System.out.println(report.table());
        System.out.println("JSON document: " + report.writeJson());
    }

    private BenchReport run() {
        if (options.runsAnyDatabasePart()) {
            for (DatabaseKind kind : options.databases()) {
                carryOn(kind + " parts", () -> {
                    try (BenchDatabase database = open(kind)) {
                        if (database == null) {
                            report.note("MariaDB skipped: SMARTER_TEST_MYSQL_URL is not set (bench/run starts one)");
                        } else {
                            report.add(measure(database));
                        }
                    }
                });
            }
            if (options.runs(Part.THROUGHPUT) && recordedPromptResponse != null) {
                carryOn("the bare Javalin ceiling", () -> report.ceiling(
                        ThroughputPart.ceiling(recordedPromptResponse, List.of("-Xmx512m"), options, report::note)));
            }
            if (options.runs(Part.OVERHEAD) && recordedPromptResponse != null) {
                carryOn("the bare Javalin relay", () -> report.relayFloor(
                        OverheadPart.relayFloor(recordedPromptResponse, options, report::note)));
            }
        }
        if (options.runs(Part.CONCURRENCY)) {
            carryOn("concurrency on Java 17",
                    () -> report.add(ConcurrencyPart.run("java17", options.java17(), options, report::note)));
            carryOn("concurrency on Java 25",
                    () -> report.add(ConcurrencyPart.run("java25", options.java25(), options, report::note)));
        }
        return report;
    }

    /** A part that fails is reported as such; the others still run and the report is still written. */
    private void carryOn(String what, Runnable part) {
        try {
            part.run();
        } catch (RuntimeException e) {
            BenchLog.progress("%s failed: %s", what, e);
            e.printStackTrace();
            report.note(what + " failed: " + e);
        }
    }

    private static BenchDatabase open(DatabaseKind kind) {
        return kind == DatabaseKind.H2 ? BenchDatabase.H2.inTempDirectory() : BenchDatabase.MariaDb.fromEnvironment();
    }

    /**
     * The timed parts on one server; then storage, on a database and a server of their own, so that it measures
     * its long sessions alone rather than next to the short ones of the other parts.
     */
    private DatabaseRun measure(BenchDatabase database) {
        DatabaseRun run = new DatabaseRun(database.name(), database.label());
        if (options.runs(Part.OVERHEAD) || options.runs(Part.THROUGHPUT) || options.runs(Part.HISTORY)) {
            BenchLog.progress("%s: starting the server", database.label());
            try (TimedFakeProvider provider = new TimedFakeProvider();
                 ServerUnderTest server = new ServerUnderTest(database, provider, true)) {
                if (options.runs(Part.OVERHEAD)) {
                    run.overhead = OverheadPart.run(server.client(), provider, options);
                    recordedPromptResponse = server.client().lastPromptResponse();
                }
                if (options.runs(Part.THROUGHPUT)) {
                    run.throughput = ThroughputPart.product(server.client(), provider, server.pid(), options);
                    if (recordedPromptResponse == null) {
                        recordedPromptResponse = server.client().lastPromptResponse();
                    }
                }
                if (options.runs(Part.HISTORY)) {
                    run.history = HistoryPart.run(server.client(), provider, options);
                }
                run.serverWarningLines += server.warningLines();
            }
        }
        if (options.runs(Part.STORAGE)) {
            try (BenchDatabase own = database.fresh();
                 TimedFakeProvider provider = new TimedFakeProvider();
                 ServerUnderTest server = new ServerUnderTest(own, provider, false)) {
                run.storage = measureStorage(own, server, provider);
                run.serverWarningLines += server.warningLines();
            }
        }
        return run;
    }

    /**
     * Snapshots around the storage workload on a new database: the server has only migrated it and seeded the
     * example chatbot. H2 is measured with the server stopped (see BenchDatabase), which restarts it cold.
     */
    private StoragePart.Storage measureStorage(BenchDatabase database, ServerUnderTest server,
                                               TimedFakeProvider provider) {
        boolean stopToMeasure = database.measuresOnlyWhenStopped();
        if (stopToMeasure) {
            server.stop();
        }
        // A compact start, so that the compacted snapshot after the workload compares like with like.
        StorageSnapshot compactStart = database.compactedSnapshot();
        StorageSnapshot before = compactStart != null ? compactStart : database.snapshot();
        if (stopToMeasure) {
            server.start();
        }
        ServerWork workBefore = database.serverWork();
        SessionLoad.Result workload = StoragePart.workload(server.client(), provider, options);
        ServerWork workAfter = database.serverWork();
        if (stopToMeasure) {
            server.stop();
        }
        StorageSnapshot after = database.snapshot();
        return new StoragePart.Storage(options.storageSessions(), options.storageTurnsPerSession(), before, after,
                database.compactedSnapshot(), workload, workAfter == null ? null : workAfter.since(workBefore));
    }

    /** {@code prompt serve} on one database with a warmed-up client; stopped and started again around snapshots. */
    private final class ServerUnderTest implements AutoCloseable {
        private final BenchDatabase database;
        private final TimedFakeProvider provider;
        private ServeProcess process;
        private TimedPrompts client;
        private int starts;
        private long warningLinesOfStoppedProcesses;

        private final boolean warm;

        /** @param warm whether each start warms the server up with load (the storage part wants none) */
        ServerUnderTest(BenchDatabase database, TimedFakeProvider provider, boolean warm) {
            this.database = database;
            this.provider = provider;
            this.warm = warm;
            start();
        }

        void start() {
            Map<String, String> environment = new HashMap<>(database.serveEnvironment());
            environment.put("OPENAI_BASE_URL", provider.baseUrl());
            environment.put("OPENAI_API_KEY", "sk-bench");
            process = ServeProcess.serve(options.serverJava(), options.serverJvmOptions(), options.jar(), 0,
                    database.serveArguments(), environment, options.outputDir(),
                    database.name() + (warm ? "-" : "-storage-") + ++starts);
            client = new TimedPrompts(process.baseUrl());
            if (warm) {
                report.note(warmUpUntilCompiled("the product on " + database.name(), process.pid(), client,
                        provider, options.serverWarmup(), options).describe());
            }
        }

        void stop() {
            warningLinesOfStoppedProcesses += process.warningLines();
            client.close();
            process.close();
            process = null;
        }

        TimedPrompts client() {
            return client;
        }

        long pid() {
            return process.pid();
        }

        long warningLines() {
            return warningLinesOfStoppedProcesses + (process == null ? 0 : process.warningLines());
        }

        @Override
        public void close() {
            if (process != null) {
                stop();
            }
        }
    }

    /**
     * Load before anything is measured: a few turns on one session, then 16 sessions at once for at least
     * {@code minimum} and on until the server's JIT goes quiet ({@link JitWarmUp}). One session first, because a cold
     * server answers a burst of first turns with 503s: every turn holds a pooled connection while Hibernate parses
     * its queries for the first time (see the report's notes).
     */
    static JitWarmUp.Outcome warmUpUntilCompiled(String server, long pid, TimedPrompts client,
                                                 TimedFakeProvider provider, Duration minimum, BenchOptions options) {
        BenchLog.progress("%s: warming up for at least %d s", server, minimum.toSeconds());
        SessionLoad.turnsEach(Map.of(client.newSession(), COLD_START_TURNS), client.driver(provider));
        List<String> sessions = client.newSessions(16);
        return JitWarmUp.run(server, pid, minimum, options.warmupLimit(minimum),
                duration -> sixteenSessions(client, provider, sessions, duration));
    }

    private static void sixteenSessions(TimedPrompts client, TimedFakeProvider provider, List<String> sessions,
                                        Duration duration) {
        SessionLoad.Result warmup = SessionLoad.forDuration(sessions, client.driver(provider), Duration.ZERO,
                duration, SessionLoad.Window.NONE);
        if (warmup.failures().count() > 0) {
            throw new IllegalStateException(warmup.failures().count() + " warm-up turns failed, the first with: "
                    + warmup.failures().first());
        }
    }
}
