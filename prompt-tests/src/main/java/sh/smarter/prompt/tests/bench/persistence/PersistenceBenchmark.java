package sh.smarter.prompt.tests.bench.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.NewSession;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.JpaPersistence;

/**
 * Measures whether the cost of a turn stays flat as a session's history grows: appends a realistic turn (the user's
 * message, three status lines, the answer and one provider exchange) to sessions that already hold 10, 1,000 and
 * 10,000 messages, then reads the last 50 messages, on H2 (a file database in a temp folder) and on MariaDB when
 * the {@code SMARTER_TEST_MYSQL_*} variables name a server. Prints medians and 90th percentiles per size and the
 * ratio of the 10,000-message figures to the 10-message ones. Not a test: nothing here passes or fails.
 *
 * <p>Arguments: {@code --appends N} measured appends per size (default 200), {@code --warmup N} unmeasured turns
 * first (default 300), {@code --h2-only}.
 */
public final class PersistenceBenchmark {
    private static final int[] SIZES = {10, 1_000, 10_000};
    private static final int READ_LIMIT = 50;
    private static final Set<Role> ALL_ROLES = EnumSet.allOf(Role.class);
    private static final long CHATBOT = 1;
    private static final long ACCOUNT = 1;

    private final SecureRandom random = new SecureRandom();
    private final int appends;
    private final int warmup;

    private PersistenceBenchmark(int appends, int warmup) {
        this.appends = appends;
        this.warmup = warmup;
    }

    public static void main(String[] args) throws Exception {
        quietLibraries();
        List<String> options = Arrays.asList(args);
        int appends = intOption(options, "--appends", 200);
        int warmup = intOption(options, "--warmup", 300);
        PersistenceBenchmark benchmark = new PersistenceBenchmark(appends, warmup);
        System.out.printf(Locale.ROOT, "Persistence benchmark: %d measured appends + reads per size, %d warm-up turns,"
                + " %d CPUs, Java %s%n", appends, warmup, Runtime.getRuntime().availableProcessors(),
                Runtime.version());

        Path h2Directory = Files.createTempDirectory("smarter-bench-h2");
        try {
            benchmark.run("H2 (file, MySQL mode)", DatabaseSettings.embeddedH2(h2Directory));
        } finally {
            deleteRecursively(h2Directory);
        }

        String url = System.getenv("SMARTER_TEST_MYSQL_URL");
        if (options.contains("--h2-only")) {
            return;
        }
        if (url == null || url.isBlank()) {
            System.out.println("\nMariaDB: skipped (SMARTER_TEST_MYSQL_URL is not set; bench/persistence starts a"
                    + " server with scripts/mariadb-test-server.sh)");
            return;
        }
        DatabaseSettings server = DatabaseSettings.mysql(url, System.getenv("SMARTER_TEST_MYSQL_USER"),
                System.getenv("SMARTER_TEST_MYSQL_PASSWORD"));
        String database = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(server, "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        try {
            benchmark.run("MariaDB " + serverVersion(server), withDatabase(server, database));
        } finally {
            execute(server, "DROP DATABASE IF EXISTS " + database);
        }
    }

    private void run(String label, DatabaseSettings settings) {
        System.out.printf(Locale.ROOT, "%n== %s ==%n", label);
        try (JpaPersistence persistence = JpaPersistence.open(settings)) {
            SessionStore store = persistence.sessionStore();
            long started = System.nanoTime();
            List<Bucket> buckets = new ArrayList<>();
            for (int size : SIZES) {
                buckets.add(prepare(store, size));
            }
            System.out.printf(Locale.ROOT, "prepared %s in %.1f s%n", describe(buckets),
                    (System.nanoTime() - started) / 1e9);

            warmUp(store);
            // Sizes take turns, in a shuffled order each round, so that noise from the machine hits them alike.
            Random order = new Random(42);
            List<Bucket> round = new ArrayList<>(buckets);
            for (int i = 0; i < appends; i++) {
                Collections.shuffle(round, order);
                for (Bucket bucket : round) {
                    bucket.measureOnce(store);
                }
            }
            report(buckets);
        }
    }

    /**
     * Sessions of one history size. Appends rotate over them so that none grows by more than about 10% during the
     * run; the 10-message size gets a fresh session for every append.
     */
    private Bucket prepare(SessionStore store, int size) {
        int sessions = size == 10 ? appends : size >= 10_000 ? 2 : 10;
        List<Long> ids = new ArrayList<>(sessions);
        for (int s = 0; s < sessions; s++) {
            Session session = store.create(new NewSession(SessionKey.random(random), CHATBOT,
                    new ClientInfo("203.0.113.7", "bench", "https://bench.example/chat", null), Instant.now()));
            fill(store, session.id(), size);
            ids.add(session.id());
        }
        return new Bucket(size, ids);
    }

    /** History in turns of up to 500 messages: a system message, then users and assistants alternating. */
    private static void fill(SessionStore store, long sessionId, int size) {
        int written = 0;
        while (written < size) {
            int count = Math.min(500, size - written);
            List<NewMessage> messages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int n = written + i;
                messages.add(n == 0 ? NewMessage.system("You are Smarter, a helpful assistant.")
                        : n % 2 == 1 ? NewMessage.user(userText(n)) : NewMessage.assistant(answerText(n)));
            }
            store.appendTurn(sessionId, new Turn("fill-" + UUID.randomUUID(), CHATBOT, ACCOUNT, Instant.now(),
                    List.of(), messages, List.of(), List.of(), List.of(), TokenUsage.NONE, null));
            written += count;
        }
    }

    private void warmUp(SessionStore store) {
        Session session = store.create(new NewSession(SessionKey.random(random), CHATBOT, ClientInfo.UNKNOWN,
                Instant.now()));
        for (int i = 0; i < warmup; i++) {
            store.appendTurn(session.id(), realisticTurn(i));
            store.recentMessages(session.id(), ALL_ROLES, READ_LIMIT);
        }
    }

    /** What one prompt stores: the question, three status lines, the answer and the provider exchange. */
    private static Turn realisticTurn(int n) {
        String id = "turn-" + UUID.randomUUID();
        String question = userText(n);
        String answer = answerText(n);
        JsonArray.Builder context = JsonArray.builder();
        context.add(JsonObject.builder().put("role", "system").put("content", "You are Smarter.").build());
        context.add(JsonObject.builder().put("role", "user").put("content", question).build());
        JsonObject request = JsonObject.builder().put("model", "gpt-4o-mini").put("temperature", 0.5)
                .put("max_tokens", 2048).put("messages", context.build()).build();
        JsonObject response = JsonObject.builder().put("id", "chatcmpl-" + n).put("model", "gpt-4o-mini")
                .put("choices", JsonArray.of(JsonObject.builder().put("index", 0).put("finish_reason", "stop")
                        .put("message", JsonObject.builder().put("role", "assistant").put("content", answer).build())
                        .build()))
                .build();
        TokenUsage usage = new TokenUsage(420, 180, 600);
        ProviderExchange exchange = new ProviderExchange(id, 1, "openai", "gpt-4o-mini", request, response, usage,
                850, null, Instant.now());
        List<NewMessage> messages = List.of(NewMessage.user(question), NewMessage.smarter("Selected plugin faq"),
                NewMessage.smarter("Calling gpt-4o-mini"), NewMessage.smarter("Received 600 tokens"),
                NewMessage.assistant(answer));
        return new Turn(id, CHATBOT, ACCOUNT, Instant.now(), List.of(), messages, List.of(exchange), List.of(),
                List.of(), usage, question);
    }

    private static String userText(int n) {
        return "Question " + n + ": what are the opening hours of the Zürich store on public holidays? 😀";
    }

    private static String answerText(int n) {
        return ("Answer " + n + ": the Zürich store opens from 9:00 to 17:00 on weekdays and from 10:00 to 16:00 on"
                + " Saturdays. On public holidays it stays closed, except in December. ").repeat(4);
    }

    private void report(List<Bucket> buckets) {
        System.out.printf(Locale.ROOT, "%-22s %12s %12s %10s %14s %14s%n", "history (messages)", "append p50",
                "append p90", "rows read", "read p50", "read p90");
        for (Bucket bucket : buckets) {
            System.out.printf(Locale.ROOT, "%-22s %9.2f ms %9.2f ms %10d %11.2f ms %11.2f ms%n", bucket.describe(),
                    percentile(bucket.appendNanos, 50), percentile(bucket.appendNanos, 90), bucket.rowsRead,
                    percentile(bucket.readNanos, 50), percentile(bucket.readNanos, 90));
        }
        printRatio("10,000 / 10", buckets.get(2), buckets.get(0));
        // The 10-message sessions hold only 15 messages to read; 1,000 and 10,000 both return 50 rows.
        printRatio("10,000 / 1,000", buckets.get(2), buckets.get(1));
    }

    private static void printRatio(String label, Bucket large, Bucket small) {
        System.out.printf(Locale.ROOT, "ratio %-15s append p50 %.2fx, p90 %.2fx | read p50 %.2fx, p90 %.2fx%n", label,
                percentile(large.appendNanos, 50) / percentile(small.appendNanos, 50),
                percentile(large.appendNanos, 90) / percentile(small.appendNanos, 90),
                percentile(large.readNanos, 50) / percentile(small.readNanos, 50),
                percentile(large.readNanos, 90) / percentile(small.readNanos, 90));
    }

    private static String describe(List<Bucket> buckets) {
        return buckets.stream().map(b -> b.sessionIds.size() + " x " + String.format(Locale.ROOT, "%,d", b.size))
                .reduce((a, b) -> a + ", " + b).orElse("") + " messages";
    }

    /** Milliseconds at the given percentile (nearest rank). */
    private static double percentile(List<Long> nanos, int percent) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(Comparator.naturalOrder());
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }

    /** One history size: its sessions and the latencies measured on them. */
    private static final class Bucket {
        final int size;
        final List<Long> sessionIds;
        final List<Long> appendNanos = new ArrayList<>();
        final List<Long> readNanos = new ArrayList<>();
        int rowsRead;
        private int next;

        Bucket(int size, List<Long> sessionIds) {
            this.size = size;
            this.sessionIds = sessionIds;
        }

        void measureOnce(SessionStore store) {
            long sessionId = sessionIds.get(next++ % sessionIds.size());
            Turn turn = realisticTurn(next);
            long start = System.nanoTime();
            store.appendTurn(sessionId, turn);
            long appended = System.nanoTime();
            List<Message> last = store.recentMessages(sessionId, ALL_ROLES, READ_LIMIT);
            long read = System.nanoTime();
            if (last.size() != Math.min(READ_LIMIT, size + 5)) {
                throw new IllegalStateException("read " + last.size() + " messages from a session of " + size);
            }
            rowsRead = last.size();
            appendNanos.add(appended - start);
            readNanos.add(read - appended);
        }

        String describe() {
            int turnsEach = (appendNanos.size() + sessionIds.size() - 1) / sessionIds.size();
            return size == 10 ? "10 (+5)" : String.format(Locale.ROOT, "%,d (+%,d)", size, turnsEach * 5);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Hibernate, Flyway and Hikari log to java.util.logging here; only warnings belong in the report. */
    private static void quietLibraries() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler handler : root.getHandlers()) {
            handler.setLevel(java.util.logging.Level.WARNING);
        }
    }

    private static int intOption(List<String> options, String name, int fallback) {
        int at = options.indexOf(name);
        return at >= 0 && at + 1 < options.size() ? Integer.parseInt(options.get(at + 1)) : fallback;
    }

    private static DatabaseSettings withDatabase(DatabaseSettings server, String database) {
        String url = server.jdbcUrl().replaceFirst("^(jdbc:mysql://[^/?]+/)[^?]*", "$1" + database);
        return new DatabaseSettings(url, server.user(), server.password(), server.poolSize(),
                server.connectionTimeout());
    }

    private static String serverVersion(DatabaseSettings server) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("SELECT VERSION()")) {
            version.next();
            return version.getString(1);
        }
    }

    private static void execute(DatabaseSettings server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
