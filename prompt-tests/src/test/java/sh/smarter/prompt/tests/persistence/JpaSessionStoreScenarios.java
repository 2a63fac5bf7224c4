package sh.smarter.prompt.tests.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.DailyTokenUse;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.NewSession;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.JpaPersistence;

/**
 * What the JPA session store shows beyond the port contract, checked with plain JDBC where a user would look at
 * the tables themselves. Subclasses choose the database; all tests of a class share it, emptied between tests.
 */
abstract class JpaSessionStoreScenarios {
    static final long CHATBOT = 42;
    static final long ACCOUNT = 7;
    static final String EMOJI = "🧠🚀 𝄞 👩🏽‍💻 naïve café 中文 🇨🇭";
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private final SecureRandom random = new SecureRandom();
    protected SessionStore store;

    /** The database of the subclass, shared by its tests. */
    protected abstract JpaTestDatabase database();

    @BeforeEach
    void emptyStore() {
        store = database().emptied().sessionStore();
    }

    // ------------------------------------------------------------------------------------------- round trips

    @Test
    void two_megabytes_and_four_byte_characters_come_back_byte_for_byte() {
        Session session = newSession(store, Instant.now());
        String huge = hugeText(2 * 1024 * 1024);

        store.appendTurn(session.id(), turn(List.of(NewMessage.user(EMOJI), NewMessage.assistant(huge)), List.of()));

        List<Message> stored = store.messagesAfter(session.id(), 0, 10);
        assertThat(stored.get(0).content().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(EMOJI.getBytes(StandardCharsets.UTF_8));
        assertThat(stored.get(1).content().length()).isEqualTo(huge.length());
        assertThat(stored.get(1).content().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(huge.getBytes(StandardCharsets.UTF_8));
        assertThat(storedContent(session.id(), 1)).isEqualTo(EMOJI);
    }

    @Test
    void a_value_too_long_for_its_column_is_invalid_input_and_stores_nothing_of_the_turn() {
        Session session = newSession(store, Instant.now());
        store.appendTurn(session.id(), turn(List.of(NewMessage.user("first")), List.of()));
        Turn tooLongId = turn("turn-" + "x".repeat(200), List.of(NewMessage.user("second")),
                List.of(exchange(new TokenUsage(1, 1, 2))), List.of(), List.of());

        assertThatExceptionOfType(PromptException.class)
                .isThrownBy(() -> store.appendTurn(session.id(), tooLongId))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));

        assertThat(store.findById(session.id())).map(Session::lastSeq).contains(1L);
        assertThat(database().count("messages", "session_id = ?", session.id())).isEqualTo(1);
        assertThat(database().count("turns", "session_id = ? AND exchanges IS NOT NULL", session.id())).isZero();
        assertThat(store.tokenUsageOfChatbot(CHATBOT)).isEqualTo(TokenUsage.NONE);
    }

    // ---------------------------------------------------------------------------------------------- concurrency

    @Test
    void eight_threads_of_twenty_five_prompts_on_one_session_keep_every_question_followed_by_its_answer()
            throws Exception {
        Session session = newSession(store, Instant.now());
        int threads = 8;
        int promptsPerThread = 25;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < promptsPerThread; i++) {
                        String id = thread + "-" + i;
                        store.appendTurn(session.id(), turn(List.of(NewMessage.user("q-" + id),
                                NewMessage.assistant("a-" + id)), List.of(exchange(new TokenUsage(3, 2, 5)))));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<Message> history = store.messagesAfter(session.id(), 0, 1_000);
        int prompts = threads * promptsPerThread;
        assertThat(history).extracting(Message::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 2L * prompts).boxed().toList());
        List<Message> questions = history.stream().filter(m -> m.role() == Role.USER).toList();
        assertThat(questions).hasSize(prompts);
        assertThat(questions).extracting(Message::content).doesNotHaveDuplicates();
        for (Message question : questions) {
            Message next = history.get((int) question.seq());
            assertThat(next.role()).isEqualTo(Role.ASSISTANT);
            assertThat(next.content()).as("the message after %s", question.content())
                    .isEqualTo("a-" + question.content().substring(2));
            assertThat(next.turnId()).isEqualTo(question.turnId());
        }
        for (int t = 0; t < threads; t++) {
            String prefix = "q-" + t + "-";
            assertThat(questions.stream().map(Message::content).filter(c -> c.startsWith(prefix)).toList())
                    .as("thread %d's questions in the order it asked them", t)
                    .containsExactlyElementsOf(IntStream.range(0, promptsPerThread).mapToObj(i -> prefix + i).toList());
        }
        assertThat(store.recentProviderExchanges(session.id(), 2 * prompts)).hasSize(prompts);
        assertThat(store.tokenUsageOfChatbot(CHATBOT)).isEqualTo(new TokenUsage(3L * prompts, 2L * prompts,
                5L * prompts));
    }

    @Test
    void concurrent_turns_of_many_sessions_charge_the_chatbot_exactly_and_spread_over_shards() throws Exception {
        int sessions = 20;
        int turnsPerSession = 5;
        List<Session> opened = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            opened.add(newSession(store, Instant.now()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Session session : opened) {
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < turnsPerSession; i++) {
                        store.appendTurn(session.id(), turn(List.of(NewMessage.user("q" + i),
                                NewMessage.assistant("a" + i)), List.of(exchange(new TokenUsage(3, 2, 5)))));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        long turns = (long) sessions * turnsPerSession;
        assertThat(store.tokenUsageOfChatbot(CHATBOT)).isEqualTo(new TokenUsage(3 * turns, 2 * turns, 5 * turns));
        // Twenty sessions with consecutive ids land on all sixteen shards: no single row every turn waits for.
        assertThat(database().count("token_usage_daily", "scope = 'chatbot' AND scope_id = ? AND usage_day = ?",
                CHATBOT, java.sql.Date.valueOf(DailyTokenUse.dayOf(Instant.now())))).isEqualTo(16);
    }

    // ------------------------------------------------------------------------------------------------ deleting

    @Test
    void deleting_a_session_removes_its_messages_and_turn_records_from_every_table() {
        Session doomed = newSession(store, Instant.now());
        Session kept = newSession(store, Instant.now());
        for (Session session : List.of(doomed, kept)) {
            store.appendTurn(session.id(), turnWithEveryRecord());
            store.appendTurn(session.id(), turnWithEveryRecord());
        }
        List<String> tables = List.of("messages", "turns", "tool_executions", "plugin_selections");
        for (String table : tables) {
            assertThat(database().count(table, "session_id = ?", doomed.id())).as(table).isPositive();
        }

        assertThat(store.delete(doomed.id())).isTrue();

        assertThat(database().count("sessions", "id = ?", doomed.id())).isZero();
        for (String table : tables) {
            assertThat(database().count(table, "session_id = ?", doomed.id())).as(table).isZero();
            assertThat(database().count(table, "session_id = ?", kept.id())).as(table).isPositive();
        }
        assertThat(database().count("messages", "session_id = ?", kept.id())).isEqualTo(4);
        // Tokens were charged; deleting the conversation does not refund them.
        assertThat(store.tokenUsageOfChatbot(CHATBOT)).isEqualTo(new TokenUsage(12, 8, 20));
    }

    // ------------------------------------------------------------------------------------------------- pruning

    @Test
    void pruning_ten_thousand_inactive_sessions_runs_in_committed_batches_and_keeps_newer_ones() throws Exception {
        Instant cutoff = Instant.parse("2030-06-01T00:00:00Z");
        Instant old = cutoff.minus(Duration.ofDays(90));
        // Ten old sessions with a conversation, through the store; the rest inserted in bulk with JDBC.
        SessionStore oldClock = database().persistence().sessionStore(Clock.fixed(old, ZoneOffset.UTC));
        List<Long> withMessages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Session session = newSession(oldClock, old);
            oldClock.appendTurn(session.id(), turnWithEveryRecord());
            withMessages.add(session.id());
        }
        insertSessions(9_990, old);
        List<Long> newer = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            newer.add(newSession(store, cutoff.plusSeconds(i)).id());
        }
        assertThat(store.countInactiveSince(cutoff)).isEqualTo(10_000);
        List<Long> reported = Collections.synchronizedList(new ArrayList<>());
        List<Long> visibleElsewhere = Collections.synchronizedList(new ArrayList<>());

        long deleted = store.pruneInactiveSince(cutoff, 1_000, deletedSoFar -> {
            reported.add(deletedSoFar);
            // Seen from another connection: each batch is committed before it is reported.
            visibleElsewhere.add(database().count("sessions", "updated_at < ?", SQL_TIME.format(cutoff)));
        });

        assertThat(deleted).isEqualTo(10_000);
        // At most 1,000 rows per transaction, so at least 10 of them; each committed before it is reported.
        assertThat(reported).isSorted().hasSizeGreaterThanOrEqualTo(10).last().isEqualTo(10_000L);
        for (int i = 0; i < reported.size(); i++) {
            assertThat(reported.get(i) - (i == 0 ? 0 : reported.get(i - 1))).isBetween(1L, 1_000L);
            assertThat(visibleElsewhere.get(i)).isEqualTo(10_000 - reported.get(i));
        }
        assertThat(store.countInactiveSince(cutoff)).isZero();
        assertThat(database().count("sessions", "")).isEqualTo(25);
        for (long id : withMessages) {
            assertThat(database().count("messages", "session_id = ?", id)).isZero();
            assertThat(database().count("turns", "session_id = ?", id)).isZero();
        }
        assertThat(newer).allSatisfy(id -> assertThat(store.findById(id)).isPresent());
    }

    @Test
    void pruning_refuses_a_batch_size_below_one_and_deletes_nothing() {
        newSession(store, Instant.parse("2020-01-01T00:00:00Z"));

        assertThatExceptionOfType(PromptException.class)
                .isThrownBy(() -> store.pruneInactiveSince(Instant.now(), 0, SessionStore.PruneProgress.NONE))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
        assertThat(database().count("sessions", "")).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------- availability

    @Test
    void a_database_that_gives_no_connection_is_storage_unavailable_quickly_and_recovers() throws Exception {
        DatabaseSettings oneConnection = database().settings().withPoolSize(1)
                .withConnectionTimeout(Duration.ofMillis(500));
        try (JpaPersistence persistence = JpaPersistence.open(oneConnection)) {
            SessionStore starved = persistence.sessionStore();
            Session session = newSession(starved, Instant.now());

            try (Connection held = persistence.dataSource().getConnection()) {
                long started = System.nanoTime();
                assertThatExceptionOfType(PromptException.class)
                        .isThrownBy(() -> starved.findById(session.id()))
                        .satisfies(e -> assertThat(e.kind()).isEqualTo(ErrorKind.STORAGE_UNAVAILABLE));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
                assertThat(starved.isReachable()).isFalse();
                assertThat(held.isValid(1)).isTrue();
            }

            assertThat(starved.isReachable()).isTrue();
            assertThat(starved.findById(session.id())).isPresent();
        }
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    Session newSession(SessionStore target, Instant at) {
        return target.create(new NewSession(SessionKey.random(random), CHATBOT, ClientInfo.UNKNOWN, at));
    }

    static Turn turn(List<NewMessage> messages, List<ProviderExchange> exchanges) {
        return turn("turn-" + UUID.randomUUID(), messages, exchanges, List.of(), List.of());
    }

    static Turn turn(String id, List<NewMessage> messages, List<ProviderExchange> exchanges,
                     List<ToolExecution> executions, List<PluginSelection> selections) {
        TokenUsage usage = exchanges.stream().map(ProviderExchange::usage).reduce(TokenUsage.NONE, TokenUsage::plus);
        return new Turn(id, CHATBOT, ACCOUNT, Instant.now(), List.of(), messages, exchanges, executions, selections,
                usage, "A title");
    }

    /** A turn with one of every record, charged (3, 2, 5) tokens. */
    static Turn turnWithEveryRecord() {
        String id = "turn-" + UUID.randomUUID();
        Instant now = Instant.now();
        return turn(id, List.of(NewMessage.user("weather?"), NewMessage.assistant("sunny")),
                List.of(exchange(new TokenUsage(3, 2, 5))),
                List.of(new ToolExecution(id, "call_1", "get_current_weather", "{}", "{\"t\":21}", null, null, 5,
                        now)),
                List.of(new PluginSelection(id, 9, "faq", "weather?", "always", now)));
    }

    static ProviderExchange exchange(TokenUsage usage) {
        return new ProviderExchange("turn", 1, "openai", "gpt-4o-mini",
                JsonObject.builder().put("model", "gpt-4o-mini").build(), JsonObject.builder().put("id", "x").build(),
                usage, 12, null, Instant.now());
    }

    static String hugeText(int length) {
        StringBuilder text = new StringBuilder(length + 64);
        for (int line = 0; text.length() < length; line++) {
            text.append(line).append(": ").append(EMOJI).append(" — the quick brown fox\n");
        }
        return text.toString();
    }

    /** The content column as plain JDBC reads it, bypassing the store. */
    String storedContent(long sessionId, long seq) {
        try (Connection connection = database().connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT content FROM messages WHERE session_id = ? AND seq = ?")) {
            select.setLong(1, sessionId);
            select.setLong(2, seq);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sessions inserted with JDBC batches, much faster than one transaction each. */
    private void insertSessions(int count, Instant updatedAt) throws SQLException {
        String at = SQL_TIME.format(updatedAt);
        try (Connection connection = database().connection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO sessions (session_key, chatbot_id,"
                     + " created_at, updated_at, last_seq) VALUES (?, ?, ?, ?, 0)")) {
            connection.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                insert.setString(1, SessionKey.random(random).value());
                insert.setLong(2, CHATBOT);
                insert.setString(3, at);
                insert.setString(4, at);
                insert.addBatch();
                if (i % 1_000 == 999 || i == count - 1) {
                    insert.executeBatch();
                }
            }
            connection.commit();
        }
    }
}
