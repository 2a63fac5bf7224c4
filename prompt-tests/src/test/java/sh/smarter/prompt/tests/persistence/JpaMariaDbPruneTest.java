package sh.smarter.prompt.tests.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.NewSession;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.persistence.database.JpaPersistence;

/**
 * {@code prompt sessions prune} on MariaDB: a 10,000-message session is deleted in several transactions of at most
 * {@value #MAX_ROWS} rows, while prompts keep being stored in another session. Prints the longest transaction (the
 * longest time between two progress reports, which the store gives after every transaction) and the longest
 * concurrent append; the machine is shared, so those are printed, not asserted.
 */
class JpaMariaDbPruneTest {
    private static final JpaTestDatabase DATABASE = JpaTestDatabase.mariaDb("prune");
    private static final int MAX_ROWS = 2_000;
    private static final long CHATBOT = 42;
    private static final long ACCOUNT = 7;
    private static final Instant OLD = Instant.parse("2026-01-05T08:00:00Z");
    private static final List<String> SESSION_TABLES = List.of("messages", "turns", "tool_executions",
            "plugin_selections");
    private final SecureRandom random = new SecureRandom();

    @AfterAll
    static void closeDatabase() {
        DATABASE.close();
    }

    private Session session(SessionStore store, Instant at) {
        return store.create(new NewSession(SessionKey.random(random), CHATBOT, ClientInfo.UNKNOWN, at));
    }

    /** A turn of {@code messages} messages with one provider call and a tool run per ten messages. */
    private static Turn turn(int messages, Instant at) {
        String id = UUID.randomUUID().toString();
        List<NewMessage> drafts = new ArrayList<>();
        List<ToolExecution> tools = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            drafts.add(i % 2 == 0 ? NewMessage.user("question " + i) : NewMessage.assistant("answer " + i));
            if (i % 10 == 0) {
                tools.add(new ToolExecution(id, "call_" + i, "calculator", "{}", "42", null, null, 1, at));
            }
        }
        ProviderExchange exchange = new ProviderExchange(id, 1, "fake", "fake-model", JsonObject.EMPTY,
                JsonObject.EMPTY, new TokenUsage(3, 2, 5), 1, null, at);
        return new Turn(id, CHATBOT, ACCOUNT, at, List.of(), drafts, List.of(exchange), tools, List.of(),
                new TokenUsage(3, 2, 5), "title");
    }

    private long rowsOf(long sessionId) {
        return SESSION_TABLES.stream().mapToLong(t -> DATABASE.count(t, "session_id = ?", sessionId)).sum()
                + DATABASE.count("sessions", "id = ?", sessionId);
    }

    @Test
    void a_ten_thousand_message_session_goes_in_short_transactions_while_other_sessions_take_prompts()
            throws Exception {
        JpaPersistence persistence = DATABASE.emptied();
        SessionStore past = persistence.sessionStore(Clock.fixed(OLD, ZoneOffset.UTC));
        SessionStore now = persistence.sessionStore(Clock.systemUTC());
        Session longOne = session(past, OLD);
        for (int i = 0; i < 20; i++) {
            past.appendTurn(longOne.id(), turn(500, OLD));
        }
        List<Session> small = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Session s = session(past, OLD);
            past.appendTurn(s.id(), turn(4, OLD));
            small.add(s);
        }
        Session active = session(now, Instant.now());
        now.appendTurn(active.id(), turn(2, Instant.now()));
        long rowsBefore = rowsOf(longOne.id());
        assertThat(past.countMessages(longOne.id())).isEqualTo(10_000);

        // For comparison: the same appends with no prune running.
        List<Long> quietMillis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long started = System.nanoTime();
            now.appendTurn(active.id(), turn(2, Instant.now()));
            quietMillis.add((System.nanoTime() - started) / 1_000_000);
        }

        // Prompts to another session, stored all through the prune.
        AtomicBoolean pruning = new AtomicBoolean(true);
        List<Long> appendMillis = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> prompts = CompletableFuture.runAsync(() -> {
            while (pruning.get() && appendMillis.size() < 100_000) {
                long started = System.nanoTime();
                now.appendTurn(active.id(), turn(2, Instant.now()));
                appendMillis.add((System.nanoTime() - started) / 1_000_000);
            }
        });

        // After each transaction: when it ended, and how many rows of the long session are left.
        List<Long> gapsMillis = new ArrayList<>();
        List<Long> rowsLeft = new ArrayList<>();
        long[] lastReport = {System.nanoTime()};
        long started = System.nanoTime();
        long deleted = now.pruneInactiveSince(OLD.plus(Duration.ofDays(1)), MAX_ROWS, soFar -> {
            gapsMillis.add((System.nanoTime() - lastReport[0]) / 1_000_000);
            rowsLeft.add(rowsOf(longOne.id()));
            lastReport[0] = System.nanoTime();
        });
        long totalMillis = (System.nanoTime() - started) / 1_000_000;
        pruning.set(false);
        prompts.get(30, TimeUnit.SECONDS);

        assertThat(deleted).isEqualTo(31);
        assertThat(rowsOf(longOne.id())).isZero();
        assertThat(small).allSatisfy(s -> assertThat(rowsOf(s.id())).isZero());
        long largestStep = 0;
        for (int i = 1; i < rowsLeft.size(); i++) {
            largestStep = Math.max(largestStep, rowsLeft.get(i - 1) - rowsLeft.get(i));
        }
        assertThat(largestStep).as("rows of the long session deleted in one transaction").isLessThanOrEqualTo(MAX_ROWS);
        assertThat(gapsMillis.size()).as("transactions").isGreaterThanOrEqualTo((int) (rowsBefore / MAX_ROWS));
        assertThat(appendMillis).as("prompts stored during the prune").isNotEmpty();
        assertThat(now.countMessages(active.id())).isEqualTo(2L * (appendMillis.size() + quietMillis.size() + 1));

        System.out.printf("prune on MariaDB (shared, noisy machine): a %,d-message session (%,d rows) and 30 small"
                        + " ones deleted in %d transactions of at most %,d rows, %,d ms in all; longest transaction"
                        + " <= %d ms; %d appends to another session meanwhile, median %d ms, longest %d ms (with no"
                        + " prune: median %d ms, longest %d ms)%n",
                10_000, rowsBefore, gapsMillis.size(), MAX_ROWS, totalMillis,
                gapsMillis.stream().mapToLong(Long::longValue).max().orElse(0), appendMillis.size(),
                median(appendMillis), appendMillis.stream().mapToLong(Long::longValue).max().orElse(0),
                median(quietMillis), quietMillis.stream().mapToLong(Long::longValue).max().orElse(0));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
}
