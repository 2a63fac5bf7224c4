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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <p>Beside it, the floor ({@link RawJdbcFloor}): plain JDBC on the same schema, pool and sessions doing the least a
 * two-message append and a read of the newest 50 need, against the store appending a turn of the same two messages
 * and reading the same 50, in the same rounds. The target is the store within 1.5x of the floor.
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
            RawJdbcFloor floor = new RawJdbcFloor(persistence.dataSource());
            long started = System.nanoTime();
            List<Bucket> buckets = new ArrayList<>();
            for (int size : SIZES) {
                buckets.add(prepare(store, size));
            }
            System.out.printf(Locale.ROOT, "prepared %s in %.1f s%n", describe(buckets),
                    (System.nanoTime() - started) / 1e9);

            warmUp(store, floor);
            // Sizes take turns, in a shuffled order each round, so that noise from the machine hits them alike.
            Random order = new Random(42);
            List<Bucket> round = new ArrayList<>(buckets);
            for (int i = 0; i < appends; i++) {
                Collections.shuffle(round, order);
                for (Bucket bucket : round) {
                    bucket.measureOnce(store, floor);
                }
            }
            report(buckets);
        }
    }

    /**
     * Sessions of one history size. Appends rotate over them so that none grows by more than about 20% during the
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

    private void warmUp(SessionStore store, RawJdbcFloor floor) {
        Session session = store.create(new NewSession(SessionKey.random(random), CHATBOT, ClientInfo.UNKNOWN,
                Instant.now()));
        for (int i = 0; i < warmup; i++) {
            store.appendTurn(session.id(), realisticTurn(i));
            store.recentMessages(session.id(), ALL_ROLES, READ_LIMIT);
            Session appended = store.appendTurn(session.id(), twoMessageTurn(i)).session();
            store.appendTurn(appended, twoMessageTurn(i));
            floor.append(session.id(), appended.lastSeq() + 2, userText(i), answerText(i),
                    "floor-" + UUID.randomUUID());
            floor.readNewest(session.id(), READ_LIMIT);
        }
    }

    /** What the floor appends, as a turn: the question and the answer, nothing charged, no exchange. */
    private static Turn twoMessageTurn(int n) {
        return new Turn("turn-" + UUID.randomUUID(), CHATBOT, ACCOUNT, Instant.now(), List.of(),
                List.of(NewMessage.user(userText(n)), NewMessage.assistant(answerText(n))), List.of(), List.of(),
                List.of(), TokenUsage.NONE, null);
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
        System.out.printf(Locale.ROOT, "floor: raw JDBC on the store's pool and sessions; append = UPDATE last_seq"
                + " (check + bump), batch INSERT 2 messages, COMMIT; read = SELECT the newest %d with their turn ids"
                + " (one statement, turns joined by primary key),"
                + " COMMIT.%nstore: appendTurn(session as read before, the same 2 messages; it also inserts the turn"
                + " row; nothing charged, no exchange); recentMessages(every role, %d).%n"
                + "p50 (p90); target: store <= 1.5x floor at 1,000 and 10,000%n", READ_LIMIT, READ_LIMIT);
        System.out.printf(Locale.ROOT, "%-18s %17s %17s %7s | %17s %17s %7s%n", "history (messages)", "floor append",
                "store append", "ratio", "floor read", "store read", "ratio");
        for (Bucket bucket : buckets) {
            double appendRatio = percentile(bucket.plainAppendNanos, 50) / percentile(bucket.floorAppendNanos, 50);
            double readRatio = percentile(bucket.plainReadNanos, 50) / percentile(bucket.floorReadNanos, 50);
            System.out.printf(Locale.ROOT, "%-18s %s %s %6.2fx%s| %s %s %6.2fx%s%n", bucket.describe(),
                    millis(bucket.floorAppendNanos), millis(bucket.plainAppendNanos), appendRatio,
                    verdict(bucket, appendRatio), millis(bucket.floorReadNanos), millis(bucket.plainReadNanos), readRatio,
                    verdict(bucket, readRatio));
        }
    }

    /** The target applies at 1,000 and 10,000 messages. */
    private static String verdict(Bucket bucket, double ratio) {
        return bucket.size < 1_000 ? "  " : ratio <= 1.5 ? "✓ " : "✗ ";
    }

    private static String millis(List<Long> nanos) {
        return String.format(Locale.ROOT, "%6.2f (%6.2f) ms", percentile(nanos, 50), percentile(nanos, 90));
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
        final List<Long> plainAppendNanos = new ArrayList<>();
        final List<Long> floorAppendNanos = new ArrayList<>();
        final List<Long> floorReadNanos = new ArrayList<>();
        final List<Long> plainReadNanos = new ArrayList<>();
        /** Each session as the last append left it. */
        private final Map<Long, Session> lastSession = new HashMap<>();
        int rowsRead;
        private int next;

        Bucket(int size, List<Long> sessionIds) {
            this.size = size;
            this.sessionIds = sessionIds;
        }

        /**
         * One round on the next session: the realistic turn and the store's read; then the store's and the floor's
         * two-message appends and their reads of the same newest 50, in alternating order, each pair checked to
         * read the same messages.
         */
        void measureOnce(SessionStore store, RawJdbcFloor floor) {
            long sessionId = sessionIds.get(next++ % sessionIds.size());
            Turn turn = realisticTurn(next);
            long start = System.nanoTime();
            lastSession.put(sessionId, store.appendTurn(sessionId, turn).session());
            long appended = System.nanoTime();
            List<Message> last = store.recentMessages(sessionId, ALL_ROLES, READ_LIMIT);
            long read = System.nanoTime();
            if (last.size() != Math.min(READ_LIMIT, size + 5)) {
                throw new IllegalStateException("read " + last.size() + " messages from a session of " + size);
            }
            rowsRead = last.size();
            appendNanos.add(appended - start);
            readNanos.add(read - appended);

            // As a turn does, and as the floor knows last_seq: the store is given the session as read before.
            // Store and floor take turns at going first, so that neither always follows the other's writes.
            Session before = lastSession.get(sessionId);
            Turn plain = twoMessageTurn(next);
            String floorTurnId = "floor-" + UUID.randomUUID();
            boolean storeFirst = next % 2 == 0;
            long storeNanos;
            long floorNanos;
            Session after;
            if (storeFirst) {
                long t0 = System.nanoTime();
                after = store.appendTurn(before, plain).session();
                long t1 = System.nanoTime();
                floor.append(sessionId, after.lastSeq(), userText(next), answerText(next), floorTurnId);
                floorNanos = System.nanoTime() - t1;
                storeNanos = t1 - t0;
            } else {
                long t0 = System.nanoTime();
                floor.append(sessionId, before.lastSeq(), userText(next), answerText(next), floorTurnId);
                long t1 = System.nanoTime();
                after = store.appendTurn(withLastSeq(before, before.lastSeq() + 2), plain).session();
                storeNanos = System.nanoTime() - t1;
                floorNanos = t1 - t0;
            }
            long lastSeq = Math.max(after.lastSeq(), before.lastSeq() + 4);
            lastSession.put(sessionId, withLastSeq(after, lastSeq));
            plainAppendNanos.add(storeNanos);
            floorAppendNanos.add(floorNanos);

            long r0 = System.nanoTime();
            List<Message> first = storeFirst ? store.recentMessages(sessionId, ALL_ROLES, READ_LIMIT)
                    : floor.readNewest(sessionId, READ_LIMIT);
            long r1 = System.nanoTime();
            List<Message> second = storeFirst ? floor.readNewest(sessionId, READ_LIMIT)
                    : store.recentMessages(sessionId, ALL_ROLES, READ_LIMIT);
            long r2 = System.nanoTime();
            if (!first.equals(second) || first.size() != Math.min(READ_LIMIT, size + 9)
                    || first.get(first.size() - 1).seq() != lastSeq) {
                throw new IllegalStateException("store and floor read different newest messages, or not up to "
                        + lastSeq);
            }
            plainReadNanos.add(storeFirst ? r1 - r0 : r2 - r1);
            floorReadNanos.add(storeFirst ? r2 - r1 : r1 - r0);
        }

        private static Session withLastSeq(Session session, long lastSeq) {
            return new Session(session.id(), session.key(), session.chatbotId(), session.client(), session.title(),
                    session.createdAt(), session.updatedAt(), lastSeq);
        }

        String describe() {
            int turnsEach = (appendNanos.size() + sessionIds.size() - 1) / sessionIds.size();
            return size == 10 ? "10 (+9)" : String.format(Locale.ROOT, "%,d (+%,d)", size, turnsEach * 9);
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
