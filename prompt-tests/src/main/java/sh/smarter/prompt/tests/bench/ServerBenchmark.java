package sh.smarter.prompt.tests.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sh.smarter.prompt.tests.bench.BenchDatabase.StorageSnapshot;
import sh.smarter.prompt.tests.bench.BenchOptions.DatabaseKind;
import sh.smarter.prompt.tests.bench.BenchOptions.Part;

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
    /** Every server of the per-database parts runs with the heap the concurrency target allows. */
    private static final List<String> SERVER_JVM_OPTIONS = List.of("-Xmx512m");
    /** Sequential turns on a new server before any concurrent load. */
    private static final int COLD_START_TURNS = 20;

    private final BenchOptions options;
    private final BenchReport report;
    private String recordedPromptResponse;

    private ServerBenchmark(BenchOptions options) {
        this.options = options;
        this.report = new BenchReport(options, SERVER_JVM_OPTIONS);
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
                try (BenchDatabase database = open(kind)) {
                    if (database == null) {
                        report.note("MariaDB skipped: SMARTER_TEST_MYSQL_URL is not set (bench/run starts one)");
                        continue;
                    }
                    report.add(measure(database));
                }
            }
            if (options.runs(Part.THROUGHPUT) && recordedPromptResponse != null) {
                report.ceiling(ThroughputPart.ceiling(recordedPromptResponse, SERVER_JVM_OPTIONS, options));
            }
        }
        if (options.runs(Part.CONCURRENCY)) {
            report.add(ConcurrencyPart.run("java17", options.java17(), options));
            report.add(ConcurrencyPart.run("java25", options.java25(), options));
        }
        return report;
    }

    private static BenchDatabase open(DatabaseKind kind) {
        return kind == DatabaseKind.H2 ? BenchDatabase.H2.inTempDirectory() : BenchDatabase.MariaDb.fromEnvironment();
    }

    /** The per-database parts, on one server; storage last, since on H2 it restarts the server to measure. */
    private DatabaseRun measure(BenchDatabase database) {
        DatabaseRun run = new DatabaseRun(database.name(), database.label());
        BenchLog.progress("%s: starting the server", database.label());
        try (TimedFakeProvider provider = new TimedFakeProvider()) {
            ServerProcess server = startServer(database, provider, 1);
            try {
                PromptClient client = warmedUpClient(server, provider);
                if (options.runs(Part.OVERHEAD)) {
                    run.overhead = OverheadPart.run(client, provider, options);
                }
                if (options.runs(Part.THROUGHPUT)) {
                    run.throughput = ThroughputPart.product(client, provider, server.pid(), options);
                    if (recordedPromptResponse == null) {
                        recordedPromptResponse = client.lastPromptResponse();
                    }
                }
                if (options.runs(Part.HISTORY)) {
                    run.history = HistoryPart.run(client, provider, options);
                }
                if (options.runs(Part.STORAGE)) {
                    StorageSnapshot before;
                    if (database.measuresOnlyWhenStopped()) {
                        run.serverWarningLines += server.warningLines();
                        server.close();
                        before = database.snapshot();
                        server = startServer(database, provider, 2);
                        client = warmedUpClient(server, provider);
                    } else {
                        before = database.snapshot();
                    }
                    SessionLoad.Result workload = StoragePart.workload(client, provider, options);
                    if (database.measuresOnlyWhenStopped()) {
                        run.serverWarningLines += server.warningLines();
                        server.close();
                    }
                    run.storage = new StoragePart.Storage(before, database.snapshot(), workload);
                }
                run.serverWarningLines += server.warningLines();
            } finally {
                server.close();
            }
        }
        return run;
    }

    private ServerProcess startServer(BenchDatabase database, TimedFakeProvider provider, int start) {
        Map<String, String> environment = new HashMap<>(database.serveEnvironment());
        environment.put("OPENAI_BASE_URL", provider.baseUrl());
        environment.put("OPENAI_API_KEY", "sk-bench");
        return ServerProcess.serve(options.serverJava(), SERVER_JVM_OPTIONS, options.jar(),
                database.serveArguments(), environment, options.outputDir(), database.name() + "-" + start);
    }

    /** A client of a server that has run the turn long enough for the JIT to compile it. */
    private PromptClient warmedUpClient(ServerProcess server, TimedFakeProvider provider) {
        PromptClient client = new PromptClient(server.baseUrl());
        warmUp(client, provider, options.serverWarmup());
        return client;
    }

    /**
     * Load before anything is measured: a few turns on one session, then 16 sessions at once for the duration.
     * One session first, because a cold server answers a burst of first turns with 503s: every turn holds a pooled
     * connection while Hibernate parses its queries for the first time (see the report's notes).
     */
    static void warmUp(PromptClient client, TimedFakeProvider provider, Duration duration) {
        BenchLog.progress("warming up for %d s", duration.toSeconds());
        SessionLoad.turnsEach(Map.of(client.newSession(), COLD_START_TURNS), client.driver(provider));
        SessionLoad.Result warmup = SessionLoad.forDuration(client.newSessions(16), client.driver(provider),
                Duration.ZERO, duration, SessionLoad.Window.NONE);
        if (warmup.failures().count() > 0) {
            throw new IllegalStateException(warmup.failures().count() + " warm-up turns failed, the first with: "
                    + warmup.failures().first());
        }
    }
}
