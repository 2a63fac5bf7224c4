package sh.smarter.prompt.tests.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.JpaPersistence;

/**
 * The JPA session store's own scenarios on MariaDB, plus what only a MySQL-compatible server shows: the bytes the
 * server holds, and the statements it receives for a turn.
 */
class JpaMariaDbSessionStoreTest extends JpaSessionStoreScenarios {
    private static final JpaTestDatabase DATABASE = JpaTestDatabase.mariaDb("session_store");

    @AfterAll
    static void closeDatabase() {
        DATABASE.close();
    }

    @Override
    protected JpaTestDatabase database() {
        return DATABASE;
    }

    @Test
    void the_server_holds_four_byte_characters_as_utf8mb4_bytes_and_two_megabytes_whole() throws SQLException {
        Session session = newSession(store, Instant.now());
        String huge = hugeText(2 * 1024 * 1024);

        store.appendTurn(session.id(), turn(List.of(NewMessage.user(EMOJI), NewMessage.assistant(huge)), List.of()));

        try (Connection connection = database().connection();
             PreparedStatement select = connection.prepareStatement("SELECT HEX(content), LENGTH(content),"
                     + " CHAR_LENGTH(content) FROM messages WHERE session_id = ? AND seq = ?")) {
            select.setLong(1, session.id());
            select.setLong(2, 1);
            try (ResultSet emoji = select.executeQuery()) {
                emoji.next();
                byte[] utf8 = EMOJI.getBytes(StandardCharsets.UTF_8);
                assertThat(emoji.getString(1)).isEqualTo(HexFormat.of().withUpperCase().formatHex(utf8));
                assertThat(emoji.getLong(2)).isEqualTo(utf8.length);
                assertThat(emoji.getLong(3)).isEqualTo(EMOJI.codePointCount(0, EMOJI.length()));
            }
            select.setLong(2, 2);
            try (ResultSet large = select.executeQuery()) {
                large.next();
                assertThat(large.getLong(2)).isEqualTo(huge.getBytes(StandardCharsets.UTF_8).length);
            }
        }
    }

    @Test
    void a_turn_reaches_the_server_as_one_multi_row_insert_per_table() throws SQLException {
        // One pooled connection, so the session's status counters are the store's own.
        try (JpaPersistence persistence = JpaPersistence.open(database().settings().withPoolSize(1))) {
            SessionStore single = persistence.sessionStore();
            Session session = newSession(single, Instant.now());
            String id = "turn-" + UUID.randomUUID();
            List<NewMessage> messages = List.of(NewMessage.user("q"), NewMessage.smarter("s1"),
                    NewMessage.smarter("s2"), NewMessage.smarter("s3"), NewMessage.assistant("a"));
            List<ToolExecution> executions = List.of(
                    new ToolExecution(id, "c1", "calculator", "{}", "1", null, null, 1, Instant.now()),
                    new ToolExecution(id, "c2", "calculator", "{}", "2", null, null, 1, Instant.now()));
            // An earlier turn of the same kind stores the exchanges' shape, which later turns only name.
            single.appendTurn(session.id(), turn("turn-" + UUID.randomUUID(), messages,
                    List.of(exchange(TokenUsage.NONE)), List.of(), List.of()));
            long insertsBefore = statusCounter(persistence.dataSource(), "Com_insert");

            single.appendTurn(session.id(), turn(id, messages, List.of(exchange(TokenUsage.NONE)), executions,
                    List.of()));

            long inserts = statusCounter(persistence.dataSource(), "Com_insert") - insertsBefore;
            // 5 messages, 1 turn holding its exchange, 2 tool executions, 1 tool set (none in this exchange):
            // 8 rows in 3 INSERT statements.
            assertThat(database().count("messages", "session_id = ?", session.id())).isEqualTo(10);
            assertThat(inserts).isEqualTo(3);
        }
    }

    @Test
    void every_pooled_connection_runs_in_strict_mode_with_a_short_lock_wait() throws SQLException {
        try (Connection connection = database().persistence().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT @@SESSION.sql_mode, @@SESSION.innodb_lock_wait_timeout,"
                     + " @@SESSION.character_set_connection, @@SESSION.collation_connection")) {
            row.next();
            assertThat(row.getString(1)).contains("STRICT_ALL_TABLES");
            assertThat(row.getInt(2)).isEqualTo(5);
            assertThat(row.getString(3)).isEqualTo("utf8mb4");
            assertThat(row.getString(4)).isEqualTo("utf8mb4_bin");
        }
    }

    @Test
    void two_servers_sharing_the_database_interleave_whole_turns_on_one_session() throws Exception {
        // Two pools, as two server instances would have; nothing is shared between them but the database.
        try (JpaPersistence first = JpaPersistence.open(database().settings());
             JpaPersistence second = JpaPersistence.open(database().settings())) {
            Session session = newSession(first.sessionStore(), Instant.now());
            List<SessionStore> servers = List.of(first.sessionStore(), second.sessionStore());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 25; i++) {
                            // Each thread alternates between the servers, like a client behind a load balancer.
                            String id = thread + "-" + i;
                            servers.get((thread + i) % 2).appendTurn(session.id(), turn(List.of(
                                    NewMessage.user("q-" + id), NewMessage.assistant("a-" + id)), List.of()));
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

            List<Message> history = second.sessionStore().messagesAfter(session.id(), 0, 1_000);
            assertThat(history).extracting(Message::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 400).boxed().toList());
            for (int i = 0; i < history.size(); i += 2) {
                assertThat(history.get(i + 1).content()).isEqualTo("a-" + history.get(i).content().substring(2));
            }
        }
    }

    @Test
    void a_wrong_password_is_a_configuration_error_that_shows_no_secret() {
        DatabaseSettings right = database().settings();
        DatabaseSettings wrong = new DatabaseSettings(right.jdbcUrl(), right.user(), "wrong-pa55word",
                right.poolSize(), right.connectionTimeout());

        assertThatExceptionOfType(PromptException.class)
                .isThrownBy(() -> JpaPersistence.open(wrong))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
                    assertThat(e.getMessage()).contains("user name or password").doesNotContain("wrong-pa55word");
                });
    }

    private static long statusCounter(DataSource dataSource, String name) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW SESSION STATUS LIKE '" + name + "'")) {
            row.next();
            return row.getLong(2);
        }
    }
}
