package sh.smarter.prompt.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.persistence.MariaDbTestDatabase;
import sh.smarter.prompt.tests.server.PromptClient;
import sh.smarter.prompt.tests.server.ServeProcess;

/**
 * A killed server loses no committed turn (SPEC 9). The real server runs as its own process from the shaded jar;
 * six clients prompt three sessions through both prompt endpoints; the process gets SIGKILL in the middle of it
 * and is started again on the same database. Then every prompt that was answered 200 has its complete turn in
 * the database, no turn is half-stored, and the restarted server serves the old sessions and new ones.
 */
class CrashRecoveryTest {
    private static final String CHATBOT = "example"; // the bundled example serve applies to an empty database
    private static final String PROVIDER_KEY = "sk-crash-test-key-0042";
    private static final int CLIENTS = 6;
    private static final int SESSIONS = 3;
    private static final int ANSWERS_BEFORE_THE_KILL = 40;

    /** Kept when a test fails: serve-N.err.log holds the server's log. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    /** How the database is named to serve, and how the test reads it once the server is done with it. */
    private interface Database {
        List<String> serveArguments();

        Map<String, String> environment();

        Connection connect() throws SQLException;
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void a_server_killed_under_load_on_the_embedded_database_loses_no_answered_turn() throws Exception {
        Path data = directory.resolve("data");
        crashUnderLoadAndRecover(new Database() {
            @Override
            public List<String> serveArguments() {
                return List.of("--data-dir", data.toString());
            }

            @Override
            public Map<String, String> environment() {
                return Map.of();
            }

            @Override
            public Connection connect() throws SQLException {
                DatabaseSettings embedded = DatabaseSettings.embeddedH2(data);
                return DriverManager.getConnection(embedded.jdbcUrl(), embedded.user(), embedded.password());
            }
        });
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void a_server_killed_under_load_on_mariadb_loses_no_answered_turn() throws Exception {
        DatabaseSettings database = MariaDbTestDatabase.createDatabase("crash");
        try {
            crashUnderLoadAndRecover(new Database() {
                @Override
                public List<String> serveArguments() {
                    return List.of("--db-url", database.jdbcUrl(), "--db-user", database.user());
                }

                @Override
                public Map<String, String> environment() {
                    return Map.of("SMARTER_PROMPT_DB_PASSWORD", database.password());
                }

                @Override
                public Connection connect() throws SQLException {
                    return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                }
            });
        } finally {
            MariaDbTestDatabase.dropDatabase(database);
        }
    }

    private void crashUnderLoadAndRecover(Database database) throws Exception {
        int port = ServeProcess.freePort();
        List<String> arguments = database.serveArguments();
        try (FakeOpenAiServer provider = FakeOpenAiServer.start()) {
            // A little provider time keeps turns in flight all the time, so the kill always cuts some in half.
            provider.latency(Duration.ofMillis(20)).recording(false);
            Map<String, String> environment = new HashMap<>(database.environment());
            environment.put("OPENAI_BASE_URL", provider.url());
            environment.put("OPENAI_API_KEY", PROVIDER_KEY);

            List<PromptLoad.Outcome> outcomes;
            List<String> sessions = new ArrayList<>();
            try (ServeProcess first = ServeProcess.start(directory, port, arguments, environment)) {
                for (int i = 0; i < SESSIONS; i++) {
                    sessions.add(first.client().newSession(CHATBOT));
                }
                try (PromptLoad load = new PromptLoad(first.client(), CHATBOT, sessions, CLIENTS)) {
                    load.awaitAnswered(ANSWERS_BEFORE_THE_KILL, Duration.ofSeconds(60));
                    long killedAt = System.nanoTime();
                    int exitStatus = first.kill();
                    outcomes = load.stop();

                    assertThat(exitStatus).as("serve was ended by SIGKILL").isEqualTo(ServeProcess.KILLED_BY_SIGKILL);
                    assertThat(outcomes.stream().filter(o -> !o.answered() && o.startedNanos() < killedAt))
                            .as("prompts in flight when the server was killed").isNotEmpty();
                }
            }

            try (ServeProcess second = ServeProcess.start(directory, port, arguments, environment)) {
                assertServesAgain(second.client(), sessions.get(0));
                second.stop(); // the embedded database can only be read once serve has closed it
                assertThat(second.errorLog()).doesNotContain(PROVIDER_KEY);
            }

            StoredTurns stored;
            try (Connection connection = database.connect()) {
                stored = StoredTurns.read(connection);
            }
            assertEveryAnsweredTurnIsStoredWhole(outcomes, stored);
        }
    }

    private static void assertServesAgain(PromptClient client, String oldSession) {
        String newSession = client.newSession(CHATBOT);
        HttpResponse<String> continued = client.compatPrompt(CHATBOT, oldSession, "after the restart");
        HttpResponse<String> fresh = client.nativePrompt(CHATBOT, newSession, "a new session after the restart");

        assertThat(continued.statusCode()).as(continued.body()).isEqualTo(200);
        assertThat(PromptClient.renderedMessages(continued)).anySatisfy(message -> {
            assertThat(message.path("role").asText()).isEqualTo("assistant");
            assertThat(message.path("content").asText()).isEqualTo("Echo: after the restart");
        });
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
        assertThat(PromptClient.json(fresh.body()).path("answer").asText())
                .isEqualTo("Echo: a new session after the restart");
    }

    private static void assertEveryAnsweredTurnIsStoredWhole(List<PromptLoad.Outcome> outcomes, StoredTurns stored) {
        assertThat(stored.problems()).as("half-stored or broken turns in %s", stored).isEmpty();
        List<PromptLoad.Outcome> answered = outcomes.stream().filter(o -> o.status() == 200).toList();
        assertThat(answered).hasSizeGreaterThanOrEqualTo(ANSWERS_BEFORE_THE_KILL);
        List<PromptLoad.Outcome> lost = new ArrayList<>();
        for (PromptLoad.Outcome outcome : answered) {
            Optional<StoredTurns.StoredTurn> turn = outcome.turnId().map(stored::turn)
                    .orElseGet(() -> stored.turnOfInput(outcome.input()));
            if (turn.isEmpty()) {
                lost.add(outcome);
                continue;
            }
            assertThat(turn.get().userInput()).as("the user's message of %s", outcome).contains(outcome.input());
            assertThat(turn.get().answer()).as("the stored answer of %s", outcome)
                    .contains("Echo: " + outcome.input());
        }
        assertThat(lost).as("prompts answered 200 whose turn is not in the database after the crash (%d of %d)",
                lost.size(), answered.size()).isEmpty();
        assertThat(outcomes).as("every prompt got 200 or no answer at all (the kill)")
                .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isIn(0, 200));
    }
}
