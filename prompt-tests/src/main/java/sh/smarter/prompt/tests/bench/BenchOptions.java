package sh.smarter.prompt.tests.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one run of {@link ServerBenchmark} measures and for how long. Full mode is sized to take a few minutes on a
 * 2-core machine; {@code --quick} is a smoke run of well under a minute per database.
 *
 * @param parts        the parts to run
 * @param databases    the databases the per-database parts run on, in order
 * @param quick        shorter phases and smaller sizes
 * @param jar          the runnable jar of {@code prompt serve}
 * @param serverJava   the JDK of the server in every part but concurrency
 * @param java17       the JDK of the first concurrency run
 * @param java25       the JDK of the second concurrency run
 * @param outputDir    where the JSON document and the servers' logs go
 * @param serverJvmOptions options for the server of the per-database parts, after -Xmx512m (to profile it, say)
 * @param overheadProviderLatency how long the provider takes to answer in the overhead part
 */
record BenchOptions(Set<Part> parts, List<DatabaseKind> databases, boolean quick, Path jar, Path serverJava,
                    Path java17, Path java25, Path outputDir, List<String> serverJvmOptions,
                    Duration overheadProviderLatency) {

    static final String USAGE = String.join("\n",
            "usage: bench/run [--part overhead|throughput|history|storage|concurrency|all]... [--db h2|mariadb|both]",
            "                 [--quick] [--jar prompt.jar] [--server-java JDK] [--java17 JDK] [--java25 JDK]",
            "                 [--out DIR] [--server-jvm-option OPTION]... [--overhead-latency MS]",
            "  --part   repeatable or comma-separated; default all",
            "  --db     the database of the overhead, throughput, history and storage parts; default both",
            "           (mariadb uses $SMARTER_TEST_MYSQL_URL/_USER/_PASSWORD; bench/run starts one if unset)",
            "  --quick  a smoke run: short phases, small sizes",
            "  --overhead-latency  the provider's answer time in the overhead part, in ms; default 1000",
            "  --server-jvm-option  e.g. -XX:StartFlightRecording=filename=h2.jfr,dumponexit=true,settings=profile");

    enum Part {
        OVERHEAD, THROUGHPUT, HISTORY, STORAGE, CONCURRENCY;

        String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum DatabaseKind { H2, MARIADB }

    static BenchOptions parse(String[] args) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        List<DatabaseKind> databases = List.of(DatabaseKind.H2, DatabaseKind.MARIADB);
        boolean quick = false;
        Path jar = Path.of("prompt-cli/target/prompt.jar");
        Path java17 = defaultJava17();
        Path serverJava = null;
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        Path outputDir = Path.of("prompt-tests/target/bench");
        List<String> serverJvmOptions = new ArrayList<>(List.of("-Xmx512m"));
        // About a fast model's answer, so that sessions spend their time waiting on the provider, as chat users do,
        // and the server is not saturated by 16 of them.
        Duration overheadLatency = Duration.ofSeconds(1);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--part" -> parts.addAll(parts(value(args, ++i, arg)));
                case "--db" -> databases = databases(value(args, ++i, arg));
                case "--quick" -> quick = true;
                case "--jar" -> jar = Path.of(value(args, ++i, arg));
                case "--server-java" -> serverJava = Path.of(value(args, ++i, arg));
                case "--java17" -> java17 = Path.of(value(args, ++i, arg));
                case "--java25" -> java25 = Path.of(value(args, ++i, arg));
                case "--out" -> outputDir = Path.of(value(args, ++i, arg));
                case "--server-jvm-option" -> serverJvmOptions.add(value(args, ++i, arg));
                case "--overhead-latency" -> overheadLatency = Duration.ofMillis(Long.parseLong(value(args, ++i, arg)));
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (parts.isEmpty()) {
            parts = EnumSet.allOf(Part.class);
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " does not exist; build it with mvn -pl prompt-cli -am package");
        }
        return new BenchOptions(parts, databases, quick, jar.toAbsolutePath(),
                serverJava == null ? java17 : serverJava, java17, java25, outputDir.toAbsolutePath(),
                List.copyOf(serverJvmOptions), overheadLatency);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static Set<Part> parts(String value) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        for (String name : value.split(",")) {
            if (name.equals("all")) {
                return EnumSet.allOf(Part.class);
            }
            parts.add(Part.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        }
        return parts;
    }

    private static List<DatabaseKind> databases(String value) {
        return switch (value) {
            case "h2" -> List.of(DatabaseKind.H2);
            case "mariadb" -> List.of(DatabaseKind.MARIADB);
            case "both" -> List.of(DatabaseKind.H2, DatabaseKind.MARIADB);
            default -> throw new IllegalArgumentException("--db is h2, mariadb or both, not " + value);
        };
    }

    /** The Debian OpenJDK 17 when it is there, else the JDK running the benchmark. */
    private static Path defaultJava17() {
        Path debian = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        return Files.isDirectory(debian) ? debian : Path.of(System.getProperty("java.home"));
    }

    /** The same options with another jar. */
    BenchOptions withJar(Path otherJar) {
        return new BenchOptions(parts, databases, quick, otherJar, serverJava, java17, java25, outputDir,
                serverJvmOptions, overheadProviderLatency);
    }

    boolean runs(Part part) {
        return parts.contains(part);
    }

    boolean runsAnyDatabasePart() {
        return parts.stream().anyMatch(part -> part != Part.CONCURRENCY);
    }

    // ------------------------------------------------------------------------------------------ phase sizes

    /**
     * The least unmeasured load right after a server starts, so that the JIT has compiled the turn before anything
     * counts; the warm-up then goes on until the compilers are quiet ({@link JitWarmUp}). On two cores the product's
     * JIT keeps a third of a core busy for about three minutes of load (about 15,000 classes: Jetty, Hibernate, H2,
     * Jackson), so a fixed short warm-up measures the compiler as much as the server.
     */
    Duration serverWarmup() {
        return quick ? Duration.ofSeconds(3) : Duration.ofSeconds(40);
    }

    /**
     * The longest a warm-up goes on waiting for the server's JIT compilers to go quiet (see {@link JitWarmUp}); a
     * quick run does not wait.
     */
    Duration warmupLimit(Duration minimum) {
        return quick ? minimum : Duration.ofSeconds(300);
    }

    /** Warm-up where the timing is coarse (2 s waits). */
    Duration shortWarmup() {
        return quick ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
    }

    Duration levelWarmup() {
        return quick ? Duration.ofMillis(500) : Duration.ofSeconds(2);
    }

    Duration levelMeasured() {
        return quick ? Duration.ofSeconds(3) : Duration.ofSeconds(10);
    }

    List<Integer> overheadLevels() {
        return List.of(1, 16, 64);
    }

    /** A single session makes a turn a second: it gets a longer window, for enough turns to read a p99 from. */
    Duration overheadMeasured(int sessions) {
        return sessions > 1 ? levelMeasured() : quick ? Duration.ofSeconds(5) : Duration.ofSeconds(40);
    }

    /** Enough client threads to keep both cores busy whatever the turn spends waiting on I/O. */
    int saturationSessions() {
        return 32;
    }

    List<Integer> historySizes() {
        return quick ? List.of(10, 100, 1_000) : List.of(10, 1_000, 10_000);
    }

    int historyRounds() {
        return quick ? 8 : 40;
    }

    int historyWarmupRounds() {
        return quick ? 2 : 5;
    }

    int storageSessions() {
        return quick ? 4 : 16;
    }

    /** Past a full context window (50 model-visible messages, 25 turns) several times over, in quick mode too. */
    int storageTurnsPerSession() {
        return quick ? 100 : 120;
    }

    List<Integer> concurrencySteps() {
        return quick ? List.of(100, 250) : List.of(250, 500, 1_000, 2_000, 3_000);
    }

    Duration concurrencyProviderLatency() {
        return Duration.ofSeconds(2);
    }
}
