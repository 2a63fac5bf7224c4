package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the results of a run, judges them against the targets, and renders the JSON document and the table. */
final class BenchReport {
    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final BenchOptions options;
    private final List<String> serverJvmOptions;
    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final List<DatabaseRun> databases = new ArrayList<>();
    private final List<ConcurrencyPart.JdkRun> concurrency = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private ThroughputPart.Throughput ceiling;
    private List<OverheadPart.Level> relayFloor;

    BenchReport(BenchOptions options, List<String> serverJvmOptions) {
        this.options = options;
        this.serverJvmOptions = List.copyOf(serverJvmOptions);
    }

    void add(DatabaseRun run) {
        databases.add(run);
    }

    void add(ConcurrencyPart.JdkRun run) {
        concurrency.add(run);
    }

    void ceiling(ThroughputPart.Throughput bare) {
        this.ceiling = bare;
    }

    /** ", the bare relay's p50 / p99 at that many sessions" when the floor was measured. */
    private String floorAt(int sessions) {
        if (relayFloor == null) {
            return "";
        }
        return relayFloor.stream().filter(level -> level.sessions() == sessions && !level.spread()).findFirst()
                .map(level -> format(" (bare Javalin relay: p50 %.2f ms, p99 %.2f ms)", level.load().overhead().p50(),
                        level.load().overhead().p99()))
                .orElse("");
    }

    void relayFloor(List<OverheadPart.Level> levels) {
        this.relayFloor = List.copyOf(levels);
    }

    void note(String note) {
        notes.add(note);
    }

    // ------------------------------------------------------------------------------------------------ targets

    /** One quality bar of SPEC section 9 as measured; {@code met} is null when the run did not measure it. */
    record Verdict(String target, String measured, Boolean met) {
        String mark() {
            return met == null ? "[NOT RUN]" : met ? "[MET]    " : "[NOT MET]";
        }
    }

    List<Verdict> verdicts() {
        List<Verdict> verdicts = new ArrayList<>();
        for (DatabaseRun run : databases) {
            boolean h2 = run.name.equals("h2");
            OverheadPart.Level level = run.overheadAt(16);
            String overheadTarget = h2 ? "overhead at 16 sessions on H2: p50 <= 2 ms and p99 <= 10 ms"
                    : "overhead at 16 sessions on MariaDB: p50 <= 5 ms";
            verdicts.add(level == null ? new Verdict(overheadTarget, "-", null) : new Verdict(overheadTarget,
                    format("p50 %.2f ms, p99 %.2f ms", level.load().overhead().p50(), level.load().overhead().p99())
                            + floorAt(16),
                    h2 ? level.load().overhead().p50() <= 2 && level.load().overhead().p99() <= 10
                            : level.load().overhead().p50() <= 5));
            // The targets: 25 % of the ceiling on H2, 15 % on MariaDB (a server over the network).
            int throughputPercent = h2 ? 25 : 15;
            String throughputTarget = run.name + ": saturation throughput >= " + throughputPercent
                    + "% of the bare Javalin ceiling";
            verdicts.add(run.throughput == null || ceiling == null ? new Verdict(throughputTarget, "-", null)
                    : new Verdict(throughputTarget, format("%.0f turns/s vs %.0f requests/s = %.1f%%",
                    run.throughput.turnsPerSecond(), ceiling.turnsPerSecond(), 100 * run.throughputRatio(ceiling)),
                    100 * run.throughputRatio(ceiling) >= throughputPercent));
            verdicts.addAll(historyVerdicts(run));
            String storageTarget = run.name + ": bytes stored per message <= 2x the message's own JSON";
            verdicts.add(run.storage == null ? new Verdict(storageTarget, "-", null)
                    : new Verdict(storageTarget, storageMeasured(run.storage),
                    run.storage.ratio() <= 2));
        }
        verdicts.add(concurrencyVerdict());
        return verdicts;
    }

    private List<Verdict> historyVerdicts(DatabaseRun run) {
        String turnTarget = run.name + ": turn at the largest history within 1.3x of the smallest (overhead p50)";
        String configTarget = run.name + ": configuration object at the largest history within 1.3x of the smallest";
        if (run.history == null) {
            return List.of(new Verdict(turnTarget, "-", null), new Verdict(configTarget, "-", null));
        }
        HistoryPart.SizeResult large = run.history.largest();
        HistoryPart.SizeResult small = run.history.smallest();
        double turnRatio = large.turnOverhead().p50() / small.turnOverhead().p50();
        double configRatio = large.configLatency().p50() / small.configLatency().p50();
        return List.of(
                new Verdict(turnTarget, format("%,d vs %,d messages: %.2f ms vs %.2f ms = %.2fx", large.messages,
                        small.messages, large.turnOverhead().p50(), small.turnOverhead().p50(), turnRatio),
                        turnRatio <= 1.3),
                new Verdict(configTarget, format("latency %.2f ms vs %.2f ms = %.2fx; size %,d B vs %,d B = %.1fx",
                        large.configLatency().p50(), small.configLatency().p50(), configRatio, large.configBytes(),
                        small.configBytes(), (double) large.configBytes() / small.configBytes()),
                        configRatio <= 1.3));
    }

    private Verdict concurrencyVerdict() {
        String target = "Java 25: >= 2,000 turns waiting at once with zero errors and a heap under 512 MB";
        ConcurrencyPart.JdkRun java25 = concurrency.stream().filter(run -> run.label().equals("java25"))
                .findFirst().orElse(null);
        if (java25 == null || java25.best() == null) {
            return new Verdict(target, java25 == null ? "-" : "every step failed", java25 == null ? null : false);
        }
        ConcurrencyPart.Step best = java25.best();
        boolean anyFailure = java25.steps().stream().anyMatch(step -> step.failed() > 0);
        return new Verdict(target, format("%,d waiting at once (step of %,d, %d failed in the ramp), live heap"
                        + " %.0f MB of a 512 MB maximum", best.peakWaitingAtProvider(), best.requests(),
                java25.steps().stream().mapToInt(ConcurrencyPart.Step::failed).sum(), best.heap().liveMb()),
                best.peakWaitingAtProvider() >= 2_000 && !anyFailure && best.heap().liveMb() < 512);
    }

    // ------------------------------------------------------------------------------------------------ JSON

    ObjectNode toJson() {
        ObjectNode json = BenchJson.object().put("benchmark", "bench/run (" + ServerBenchmark.class.getName() + ")")
                .put("started_at", started.toString())
                .put("finished_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("mode", options.quick() ? "quick" : "full");
        json.putObject("machine").put("cpus", Runtime.getRuntime().availableProcessors())
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .put("benchmark_java", Runtime.version().toString());
        json.putObject("server").put("jar", options.jar().toString())
                .put("java", ProcessProbe.javaVersion(options.serverJava()))
                .put("jvm_options", String.join(" ", serverJvmOptions));
        json.set("method", method());
        databases.forEach(run -> json.withArray("databases").add(run.toJson(ceiling)));
        if (ceiling != null) {
            json.set("bare_javalin_ceiling", ceiling.toJson());
        }
        if (relayFloor != null) {
            relayFloor.forEach(level -> json.withArray("bare_javalin_relay_overhead").add(level.toJson()));
        }
        concurrency.forEach(run -> json.withArray("concurrency").add(run.toJson()));
        ArrayNode targets = json.putArray("targets");
        for (Verdict verdict : verdicts()) {
            targets.addObject().put("target", verdict.target()).put("measured", verdict.measured())
                    .put("met", verdict.met());
        }
        notes.forEach(json.withArray("notes")::add);
        return json;
    }

    private static ObjectNode method() {
        return BenchJson.object()
                .put("server", "prompt serve from the runnable jar in its own JVM, example chatbot, compatibility"
                        + " endpoints /api/v1/chatbots/example/config/ and /prompt/ over HTTP/1.1 keep-alive")
                .put("provider_time", "measured at the fake provider: from the request read to its reply ready;"
                        + " the fake's write of the reply counts as server overhead")
                .put("overhead", "client latency minus provider time; one client thread per session, closed loop")
                .put("history", "sessions filled with real turns through the server (5 messages and one provider"
                        + " exchange per turn); one client, sizes shuffled each round")
                .put("storage", "growth of a database of its own over long sessions of real turns / messages added;"
                        + " H2: the file after SHUTDOWN COMPACT; MariaDB: index and off-page pages in use (16 KB each,"
                        + " from INNODB_BUFFER_PAGE), with data_length + index_length after ANALYZE TABLE, the"
                        + " records' bytes on the pages, and the pages in use after OPTIMIZE TABLE beside it;"
                        + " MariaDB's database_server_work_per_turn: SHOW GLOBAL STATUS (Questions, Rows_read,"
                        + " Bytes_sent, Bytes_received) before and after those turns, per completed turn")
                .put("concurrency", "N prompts at once to N existing sessions, provider latency 2 s; waiting at once"
                        + " counted from the fake's arrival times; heap by jcmd GC.heap_info before/after GC.run");
    }

    /** Writes the JSON document and returns its path. */
    Path writeJson() {
        Path file = options.outputDir().resolve("server-bench-" + FILE_STAMP.format(started) + ".json");
        try {
            Files.writeString(file, BenchJson.pretty(toJson()) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    // ------------------------------------------------------------------------------------------------ table

    String table() {
        StringBuilder out = new StringBuilder();
        line(out, "Smarter Prompt server benchmark (%s mode), %d CPUs, started %s", options.quick() ? "quick" : "full",
                Runtime.getRuntime().availableProcessors(), started);
        line(out, "server: %s, %s %s", options.jar().getFileName(), ProcessProbe.javaVersion(options.serverJava()),
                String.join(" ", serverJvmOptions));
        for (DatabaseRun run : databases) {
            databaseTable(out, run);
        }
        if (relayFloor != null) {
            line(out, "%n== the platform's floor: bare Javalin relay ==");
            line(out, "Overhead per turn of a Javalin endpoint that only relays the prompt to the same kind of fake"
                    + " (answering after %d ms) and answers the recorded response; no database, no context; warmed"
                    + " as the server is (at least %d s, then until its JIT compilers are quiet)",
                    options.overheadProviderLatency().toMillis(), options.serverWarmup().toSeconds());
            overheadLines(out, relayFloor);
        }
        if (!concurrency.isEmpty()) {
            concurrencyTable(out);
        }
        line(out, "%nTargets");
        for (Verdict verdict : verdicts()) {
            line(out, "  %s %s: %s", verdict.mark(), verdict.target(), verdict.measured());
        }
        notes.forEach(note -> line(out, "note: %s", note));
        return out.toString();
    }

    /** Where sizes per table are known (MariaDB), the allocated and record sizes next to the pages in use. */
    private static String storageMeasured(StoragePart.Storage storage) {
        String measured = format("%.0f B/message for %.0f B of JSON = %.2fx (%d sessions x %d turns)",
                storage.bytesPerMessage(), storage.jsonBytesPerMessage(), storage.ratio(), storage.sessions(),
                storage.turnsPerSession());
        double allocated = storage.allocatedBytesPerMessage();
        return Double.isNaN(allocated) ? measured : measured + format("; allocated %.2fx, records %.2fx",
                allocated / storage.jsonBytesPerMessage(),
                storage.recordBytesPerMessage() / storage.jsonBytesPerMessage());
    }

    private static void overheadLines(StringBuilder out, List<OverheadPart.Level> levels) {
        line(out, "  %8s %9s %14s %10s %13s %10s %9s", "sessions", "turns/s", "overhead p50", "p99",
                "latency p50", "p99", "failures");
        for (OverheadPart.Level level : levels) {
            SessionLoad.Result load = level.load();
            line(out, "  %8s %9.0f %11.2f ms %7.2f ms %10.2f ms %7.2f ms %9d", level.label(),
                    load.turnsPerSecond(), load.overhead().p50(), load.overhead().p99(), load.latency().p50(),
                    load.latency().p99(), load.failures().count());
        }
        if (levels.stream().anyMatch(OverheadPart.Level::spread)) {
            line(out, "  (sessions started together stay in step and send each round's prompts in one burst; \"apart\""
                    + " starts session i i/N of the provider latency later, as independent users arrive)");
        }
    }

    private void databaseTable(StringBuilder out, DatabaseRun run) {
        line(out, "%n== %s ==", run.label);
        if (run.overhead != null) {
            line(out, "Server overhead per turn (client latency minus provider time), provider answering after %d ms",
                    options.overheadProviderLatency().toMillis());
            overheadLines(out, run.overhead);
        }
        if (run.throughput != null) {
            line(out, "Saturation throughput, %d connections, zero-latency provider", run.throughput.connections());
            throughputLine(out, "product (turns)", run.throughput);
            if (ceiling != null) {
                throughputLine(out, "bare Javalin (requests)", ceiling);
                line(out, "  ratio product / bare Javalin: %.1f%%", 100 * run.throughputRatio(ceiling));
            }
        }
        if (run.history != null) {
            historyTable(out, run.history);
        }
        if (run.storage != null) {
            StoragePart.Storage storage = run.storage;
            line(out, "Bytes stored per message, on a database of its own: %d sessions x %d turns (%,d turns"
                    + " completed, %,d messages added)", storage.sessions(), storage.turnsPerSession(),
                    storage.workload().completedInWindow(), storage.messagesAdded());
            if (storage.workload().failures().count() > 0) {
                line(out, "  FAILURES %d, the first: %s", storage.workload().failures().count(),
                        storage.workload().failures().first());
            }
            boolean perTable = !storage.after().bytesByTable().isEmpty();
            line(out, "  database growth %,d B = %.0f B/message%s; the messages' own JSON %.0f B/message; ratio %.2fx",
                    storage.after().databaseBytes() - storage.before().databaseBytes(), storage.bytesPerMessage(),
                    perTable ? " (pages in use)" : " (file after SHUTDOWN COMPACT)", storage.jsonBytesPerMessage(),
                    storage.ratio());
            if (perTable) {
                line(out, "  allocated (data_length + index_length) %.0f B/message = %.2fx; records on those pages"
                        + " %.0f B/message = %.2fx; after OPTIMIZE TABLE %.0f B/message = %.2fx",
                        storage.allocatedBytesPerMessage(),
                        storage.allocatedBytesPerMessage() / storage.jsonBytesPerMessage(),
                        storage.recordBytesPerMessage(),
                        storage.recordBytesPerMessage() / storage.jsonBytesPerMessage(),
                        storage.compactedBytesPerMessage(),
                        storage.compactedBytesPerMessage() / storage.jsonBytesPerMessage());
                line(out, "    %-22s %14s %14s %14s %12s", "growth by table", "allocated B", "pages in use B",
                        "records B", "records/msg");
                storage.growthByTable().forEach((table, bytes) -> line(out, "    %-22s %,14d %,14d %,14d %12.1f",
                        table, bytes.allocated(), bytes.pagesInUse(), bytes.records(),
                        storage.perMessage(bytes.records())));
            }
            if (storage.work() != null) {
                BenchDatabase.ServerWork.PerTurn perTurn = storage.workPerTurn();
                line(out, "Database server's work per turn over those turns (its global status): %.2f statements,"
                        + " %.1f rows read, %,.0f B sent, %,.0f B received", perTurn.statements(),
                        perTurn.rowsRead(), perTurn.bytesSent(), perTurn.bytesReceived());
            }
        }
        line(out, "server log: %d WARN/ERROR lines", run.serverWarningLines);
    }

    private static void throughputLine(StringBuilder out, String what, ThroughputPart.Throughput throughput) {
        line(out, "  %-24s %8.0f /s  p50 %6.2f ms  server CPU %.3f ms each  client+fake CPU %.3f ms each%s", what,
                throughput.turnsPerSecond(), throughput.load().latency().p50(), throughput.serverCpuMillisPerTurn(),
                throughput.benchCpuMillisPerTurn(), throughput.load().failures().count() > 0
                        ? "  FAILURES " + throughput.load().failures().count() : "");
    }

    private static void historyTable(StringBuilder out, HistoryPart.History history) {
        line(out, "Cost of a turn and of the configuration object by history (filled with %,d turns in %.0f s)",
                history.prefill().completedInWindow(), history.prefill().seconds());
        line(out, "  %8s %8s %14s %10s %13s %12s %10s %13s %13s %8s", "messages", "sessions", "overhead p50",
                "p90", "latency p50", "config p50", "p90", "config bytes", "answer bytes", "failures");
        for (HistoryPart.SizeResult size : history.sizes()) {
            line(out, "  %,8d %8d %11.2f ms %7.2f ms %10.2f ms %9.2f ms %7.2f ms %,13d %,13d %8d", size.messages,
                    size.sessions, size.turnOverhead().p50(), size.turnOverhead().millisAt(90),
                    size.turnLatency().p50(), size.configLatency().p50(), size.configLatency().millisAt(90),
                    size.configBytes(), size.turnResponseBytes(), size.failures());
        }
    }

    private void concurrencyTable(StringBuilder out) {
        line(out, "%nConcurrency: prompts at once on a provider that answers after %d s; server %s, H2",
                options.concurrencyProviderLatency().toSeconds(), String.join(" ", ConcurrencyPart.JVM_OPTIONS));
        line(out, "  %-7s %8s %6s %6s %9s %10s %9s %8s %8s %10s %10s %8s %8s", "java", "requests", "ok", "failed",
                "waiting", "in flight", "launch", "p50", "max", "heap used", "live heap", "threads", "RSS");
        for (ConcurrencyPart.JdkRun run : concurrency) {
            for (ConcurrencyPart.Step step : run.steps()) {
                line(out, "  %-7s %,8d %,6d %,6d %,9d %,10d %7.2f s %6.2f s %6.2f s %7.0f MB %7.0f MB %8d %5.0f MB",
                        run.label(), step.requests(), step.ok(), step.failed(), step.peakWaitingAtProvider(),
                        step.peakClientInFlight(), step.launchSeconds(), step.latency().p50() / 1000,
                        step.latency().max() / 1000, step.heap().usedMb(), step.heap().liveMb(), step.os().threads(),
                        step.os().rssMb());
                step.failures().forEach((reason, count) -> line(out, "          %,d x %s", count, reason));
            }
            line(out, "  %s: %s; server log: %d WARN/ERROR lines", run.label(), run.javaVersion(),
                    run.serverWarningLines());
        }
        line(out, "  waiting = most turns waiting at the provider at the same moment; in flight = most requests the"
                + " client had open");
    }

    private static void line(StringBuilder out, String format, Object... arguments) {
        out.append(String.format(Locale.ROOT, format, arguments)).append('\n');
    }

    private static String format(String format, Object... arguments) {
        return String.format(Locale.ROOT, format, arguments);
    }
}
