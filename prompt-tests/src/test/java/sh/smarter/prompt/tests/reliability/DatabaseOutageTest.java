package sh.smarter.prompt.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.providers.openai.OpenAiSettings;
import sh.smarter.prompt.tests.server.PromptClient;

/**
 * While the database is down the server answers 503 quickly and clearly, says it is not ready, and writes nothing
 * by halves; once the database is back it serves again without being restarted (SPEC 9). The server runs in this
 * JVM on a MariaDB server of the test's own, which is stopped in the middle of a load of prompts — cleanly, and
 * with SIGKILL — and then started again on the same data directory and port.
 */
class DatabaseOutageTest {
    private static final String CHATBOT = "example";
    private static final int CLIENTS = 4;
    private static final Duration OUTAGE = Duration.ofSeconds(6);
    /** An outage answer must come well before a browser or a load balancer gives up. */
    private static final Duration FAST = Duration.ofSeconds(5);
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    /** The product's pool wait and statement timeout for the frozen database, shortened to keep the test short. */
    private static final Duration POOL_WAIT = Duration.ofSeconds(1);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(4);
    /**
     * The longest a request may take on a database that stopped answering, as README documents it: a pool wait and
     * a statement timeout; when that statement was a turn's commit, another pool wait and the look-up of the turn
     * (the statement timeout, at most 10 s).
     */
    private static final Duration FROZEN_BOUND = POOL_WAIT.multipliedBy(2).plus(STATEMENT_TIMEOUT)
            .plus(STATEMENT_TIMEOUT);
    /** For the fake provider's latency and for scheduling on a loaded CI machine. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    /** Longer than the bound, so that statements in flight run into their timeout while it lasts. */
    private static final Duration FREEZE = Duration.ofSeconds(12);

    /** Kept when a test fails: error.log holds MariaDB's log. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    /** How the database goes away. */
    private interface Outage {
        void begin(PrivateMariaDb mariaDb) throws InterruptedException;
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void a_clean_database_shutdown_gives_fast_503s_and_the_service_resumes_when_it_is_back() throws Exception {
        outageUnderLoad(PrivateMariaDb::shutDown);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void a_killed_database_gives_fast_503s_and_the_service_resumes_when_it_is_back() throws Exception {
        outageUnderLoad(PrivateMariaDb::kill);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void a_frozen_database_ends_every_request_within_the_documented_bound_and_stores_nothing_by_halves()
            throws Exception {
        try (PrivateMariaDb mariaDb = PrivateMariaDb.start(directory);
             JpaPromptServer server = new JpaPromptServer(mariaDb.settings().withConnectionTimeout(POOL_WAIT)
                     .withStatementTimeout(STATEMENT_TIMEOUT), OpenAiSettings.DEFAULTS.withMaxAttempts(1))) {
            server.provider.latency(Duration.ofMillis(20)).recording(false);
            PromptClient client = server.client;
            List<String> sessions = List.of(client.newSession(CHATBOT), client.newSession(CHATBOT),
                    client.newSession(CHATBOT));
            HttpResponse<String> readyWhileFrozen;
            Duration readyTook;
            Duration resumedAfter;
            long frozenAt;
            long thawedAt;
            List<PromptLoad.Outcome> outcomes;
            try (PromptLoad load = new PromptLoad(client, CHATBOT, sessions, CLIENTS)) {
                load.awaitAnswered(20, Duration.ofSeconds(60));
                try {
                    mariaDb.freeze();
                    frozenAt = System.nanoTime();
                    readyWhileFrozen = client.send(client.request("ready").timeout(FROZEN_BOUND.plus(SLACK)).GET());
                    readyTook = Duration.ofNanos(System.nanoTime() - frozenAt);
                    Thread.sleep(Math.max(0, FREEZE.toMillis() - (System.nanoTime() - frozenAt) / 1_000_000));
                } finally {
                    mariaDb.thaw();
                }
                thawedAt = System.nanoTime();
                resumedAfter = awaitAnswerAfter(load, thawedAt);
                outcomes = load.stop();
            }

            PromptLoad.Outcome longest = outcomes.stream()
                    .max(java.util.Comparator.comparing(PromptLoad.Outcome::took)).orElseThrow();
            System.out.printf("frozen database: %d prompts, the longest took %d ms (%s); documented bound %d ms;"
                            + " /ready answered in %d ms; first answer %d ms after the thaw%n", outcomes.size(),
                    longest.took().toMillis(), longest, FROZEN_BOUND.toMillis(), readyTook.toMillis(),
                    resumedAfter.toMillis());
            assertThat(readyWhileFrozen.statusCode()).as(readyWhileFrozen.body()).isEqualTo(503);
            assertThat(readyTook).as("/ready while frozen").isLessThan(FROZEN_BOUND.plus(SLACK));
            assertThat(outcomes).as("every prompt ends within the documented bound")
                    .allSatisfy(o -> assertThat(o.took()).as(o.toString()).isLessThan(FROZEN_BOUND.plus(SLACK)));
            assertThat(outcomes).as("no prompt ever got anything but 200 or 503")
                    .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isIn(200, 503));
            List<PromptLoad.Outcome> duringFreeze = outcomes.stream()
                    .filter(o -> o.startedNanos() > frozenAt && o.finishedNanos() < thawedAt).toList();
            assertThat(duringFreeze).as("prompts sent and answered while the database was frozen").isNotEmpty()
                    .allSatisfy(o -> ErrorAnswers.assertErrorEnvelope(o.toString(), 503, o.body()));
            assertThat(resumedAfter).as("time from the thaw to the first answer").isLessThan(RECOVERY);
            assertNothingHalfWritten(server.storedTurns(), outcomes);
            awaitIdlePool(server);
        }
    }

    /** Connections still busy after a freeze are closed by their timeouts; none stays in use for good. */
    private static void awaitIdlePool(JpaPromptServer server) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (server.pool().getActiveConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(server.pool().getActiveConnections()).as("pool connections still in use").isZero();
    }

    private void outageUnderLoad(Outage outage) throws Exception {
        try (PrivateMariaDb mariaDb = PrivateMariaDb.start(directory);
             JpaPromptServer server = new JpaPromptServer(mariaDb.settings(),
                     OpenAiSettings.DEFAULTS.withMaxAttempts(1))) {
            server.provider.latency(Duration.ofMillis(20)).recording(false);
            PromptClient client = server.client;
            List<String> sessions = List.of(client.newSession(CHATBOT), client.newSession(CHATBOT),
                    client.newSession(CHATBOT));
            HttpResponse<String> readyWhileDown;
            HttpResponse<String> configWhileDown;
            HttpResponse<String> readyAgain;
            Duration resumedAfter;
            long downAt;
            long upAt;
            List<PromptLoad.Outcome> outcomes;
            try (PromptLoad load = new PromptLoad(client, CHATBOT, sessions, CLIENTS)) {
                load.awaitAnswered(20, Duration.ofSeconds(60));

                outage.begin(mariaDb);
                downAt = System.nanoTime();
                assertThat(mariaDb.isDown()).as("MariaDB is down").isTrue();
                readyWhileDown = timed(client, "ready");
                configWhileDown = client.postJson("api/v1/chatbots/" + CHATBOT + "/config/", "{}");
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - downAt) / 1_000_000));

                mariaDb.startAgain();
                upAt = System.nanoTime();
                resumedAfter = awaitAnswerAfter(load, upAt);
                readyAgain = client.get("ready");
                outcomes = load.stop();
            }

            assertNotReady(readyWhileDown);
            assertThat(configWhileDown.statusCode()).as(configWhileDown.body()).isEqualTo(503);
            ErrorAnswers.assertErrorEnvelope("config while the database is down", 503, configWhileDown.body());
            assertFastClearFailuresDuring(outcomes, downAt, upAt);
            assertThat(outcomes).as("no prompt ever got anything but 200 or 503")
                    .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isIn(200, 503));
            assertThat(readyAgain.statusCode()).as(readyAgain.body()).isEqualTo(200);
            assertThat(resumedAfter).as("time from the database's return to the first answer").isLessThan(RECOVERY);
            assertNothingHalfWritten(server.storedTurns(), outcomes);
            assertThat(server.pool().getActiveConnections()).as("pool connections still in use").isZero();
        }
    }

    /** A GET that must be answered within {@link #FAST}: a hang is a failure, not a slow success. */
    private static HttpResponse<String> timed(PromptClient client, String path) {
        try {
            return client.send(client.request(path).timeout(FAST).GET());
        } catch (UncheckedIOException e) {
            throw new AssertionError("/" + path + " was not answered within " + FAST + " while the database was down"
                    + " (" + e.getCause() + ")", e);
        }
    }

    private static void assertNotReady(HttpResponse<String> ready) {
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        assertThat(PromptClient.json(ready.body()).path("status").asText()).isEqualTo("not_ready");
        ErrorAnswers.assertErrorEnvelope("/ready while the database is down", 503, ready.body());
    }

    /** Waits until a prompt that started after {@code upAt} was answered 200; returns how long that took. */
    private static Duration awaitAnswerAfter(PromptLoad load, long upAt) throws InterruptedException {
        long deadline = upAt + RECOVERY.toNanos();
        while (System.nanoTime() < deadline) {
            for (PromptLoad.Outcome o : load.outcomes()) {
                if (o.status() == 200 && o.startedNanos() > upAt) {
                    return Duration.ofNanos(o.finishedNanos() - upAt);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no prompt was answered within " + RECOVERY + " of the database's return; "
                + "the last outcomes: " + lastOf(load.outcomes()));
    }

    /** Every prompt sent while the database was down: 503 with the error envelope, and quickly. */
    private static void assertFastClearFailuresDuring(List<PromptLoad.Outcome> outcomes, long downAt, long upAt) {
        List<PromptLoad.Outcome> duringOutage = outcomes.stream()
                .filter(o -> o.startedNanos() > downAt && o.finishedNanos() < upAt).toList();
        assertThat(duringOutage).as("prompts sent while the database was down").hasSizeGreaterThanOrEqualTo(CLIENTS);
        for (PromptLoad.Outcome outcome : duringOutage) {
            assertThat(outcome.status()).as(outcome.toString()).isEqualTo(503);
            ErrorAnswers.assertErrorEnvelope(outcome.toString(), 503, outcome.body());
            assertThat(outcome.took()).as("how long %s waited", outcome).isLessThan(FAST);
        }
    }

    private static void assertNothingHalfWritten(StoredTurns stored, List<PromptLoad.Outcome> outcomes) {
        assertThat(stored.problems()).as("half-stored or broken turns in %s", stored).isEmpty();
        List<PromptLoad.Outcome> lost = new ArrayList<>();
        for (PromptLoad.Outcome outcome : outcomes) {
            if (outcome.status() == 200 && stored.turnOfInput(outcome.input()).isEmpty()) {
                lost.add(outcome);
            }
        }
        assertThat(lost).as("prompts answered 200 whose turn is not stored").isEmpty();
    }

    private static List<PromptLoad.Outcome> lastOf(List<PromptLoad.Outcome> outcomes) {
        return outcomes.subList(Math.max(0, outcomes.size() - 8), outcomes.size());
    }
}
