package sh.smarter.prompt.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.providers.openai.OpenAiSettings;
import sh.smarter.prompt.tests.fake.RecordedRequest;
import sh.smarter.prompt.tests.fake.Reply;
import sh.smarter.prompt.tests.server.PromptClient;

/**
 * A provider in trouble — 429 storms with Retry-After, answers that never come, runs of 5xx — costs a bounded
 * number of attempts per prompt, every prompt still answers (the compatibility endpoint with a 200 whose messages
 * hold a {@code smarter_error}, the native API with 502/504), the user's message and the error are stored, and
 * afterwards no thread, pooled database connection or provider connection is left behind (SPEC 5.2, 9).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProviderTroubleTest {
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    private static final int CONCURRENT_PROMPTS = 6;
    private static final OpenAiSettings PROVIDER_SETTINGS = OpenAiSettings.DEFAULTS
            .withConnectTimeout(Duration.ofSeconds(1))
            .withRequestTimeout(REQUEST_TIMEOUT)
            .withMaxAttempts(MAX_ATTEMPTS)
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
            .withMaxRetryAfter(Duration.ofSeconds(2));

    private static JpaPromptServer server;
    private static ResourceBaseline baseline;

    /** One prompt of a storm and what it got. */
    private record Answered(String input, boolean viaNativeApi, HttpResponse<String> response, Duration took) {
    }

    @BeforeAll
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    static void startAndWarmUp() throws Exception {
        server = new JpaPromptServer(DatabaseSettings.inMemoryH2("provider-trouble-" + UUID.randomUUID()),
                PROVIDER_SETTINGS);
        // The same concurrency as the storms, so that pools have grown to their working size before the baseline.
        storm("warm-up", true);
        storm("warm-up", false);
        baseline = ResourceBaseline.take(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void resetProvider() {
        server.provider.reset();
    }

    @Test
    void a_429_storm_is_retried_after_the_wait_it_asks_for_a_bounded_number_of_times() throws Exception {
        server.provider.otherwise(Reply.rateLimited(1));

        List<Answered> storm = storm("rate-limited", false);

        for (Answered prompt : storm) {
            assertAnsweredWithSmarterError(prompt, "429");
            List<RecordedRequest> attempts = attemptsOf(prompt);
            assertThat(attempts.size()).as("provider requests for %s", prompt.input()).isEqualTo(MAX_ATTEMPTS);
            for (int i = 1; i < attempts.size(); i++) {
                long waitedMillis = (attempts.get(i).receivedAtNanos() - attempts.get(i - 1).receivedAtNanos())
                        / 1_000_000;
                assertThat(waitedMillis).as("wait before attempt %d of %s (Retry-After: 1)", i + 1, prompt.input())
                        .isGreaterThanOrEqualTo(900);
            }
        }
        assertStoredWithError(storm);
        baseline.assertNothingLeaked();
    }

    @Test
    void a_run_of_5xx_costs_at_most_the_configured_attempts_and_answers_502() throws Exception {
        List<Integer> statuses = List.of(500, 502, 503, 504);
        server.provider.otherwise(request -> Reply.error(statuses.get(Math.floorMod(
                request.lastUserMessage().orElse("").hashCode(), statuses.size())), "The server had an error"));

        List<Answered> storm = storm("server-errors", true);

        for (Answered prompt : storm) {
            assertThat(prompt.response().statusCode()).as(prompt.response().body()).isEqualTo(502);
            JsonNode error = ErrorAnswers.assertErrorEnvelope(prompt.input(), 502, prompt.response().body());
            assertThat(error.path("session_key").asText()).as("the failed turn names its session").hasSize(64);
            assertThat(attemptsOf(prompt).size()).as("provider requests for %s", prompt.input())
                    .isEqualTo(MAX_ATTEMPTS);
        }
        assertStoredWithError(storm);
        baseline.assertNothingLeaked();
    }

    @Test
    void a_provider_that_never_answers_times_out_on_both_endpoints() throws Exception {
        server.provider.otherwise(Reply.hang());

        List<Answered> storm = new ArrayList<>(storm("hanging", true));
        storm.addAll(storm("hanging", false));

        for (Answered prompt : storm) {
            if (prompt.viaNativeApi()) {
                assertThat(prompt.response().statusCode()).as(prompt.response().body()).isEqualTo(504);
                ErrorAnswers.assertErrorEnvelope(prompt.input(), 504, prompt.response().body());
            } else {
                assertAnsweredWithSmarterError(prompt, "did not answer within");
            }
            assertThat(attemptsOf(prompt).size()).as("provider requests for %s", prompt.input())
                    .isBetween(1, MAX_ATTEMPTS);
            assertThat(prompt.took()).as("how long %s waited", prompt.input())
                    .isLessThan(REQUEST_TIMEOUT.multipliedBy(MAX_ATTEMPTS).plusSeconds(3));
        }
        assertStoredWithError(storm);
        server.provider.reset(); // the fake lets go of the requests it still holds
        baseline.assertNothingLeaked();
    }

    @Test
    void trouble_that_clears_within_the_attempts_is_invisible_to_the_user() throws Exception {
        server.provider.fail(503, "overloaded").then(Reply.rateLimited(1)).answer("Fine now.");
        String session = server.client.newSession("example");

        HttpResponse<String> response = server.client.nativePrompt("example", session, "are you there?");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(PromptClient.json(response.body()).path("answer").asText()).isEqualTo("Fine now.");
        assertThat(server.provider.requests()).hasSize(MAX_ATTEMPTS);
        assertThat(server.storedTurns().turnOfInput("are you there?").flatMap(StoredTurns.StoredTurn::answer))
                .contains("Fine now.");
        baseline.assertNothingLeaked();
    }

    /** {@value #CONCURRENT_PROMPTS} prompts at once, each in a new session, each with a unique input. */
    private static List<Answered> storm(String name, boolean viaNativeApi) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT_PROMPTS);
        try {
            List<Future<Answered>> futures = new ArrayList<>();
            for (int i = 1; i <= CONCURRENT_PROMPTS; i++) {
                String input = name + " " + (viaNativeApi ? "native" : "compat") + " prompt " + i;
                futures.add(clients.submit(() -> {
                    String session = server.client.newSession("example");
                    long started = System.nanoTime();
                    HttpResponse<String> response = viaNativeApi
                            ? server.client.nativePrompt("example", session, input)
                            : server.client.compatPrompt("example", session, input);
                    return new Answered(input, viaNativeApi, response, Duration.ofNanos(System.nanoTime() - started));
                }));
            }
            List<Answered> answered = new ArrayList<>();
            for (Future<Answered> future : futures) {
                answered.add(future.get(30, TimeUnit.SECONDS));
            }
            return answered;
        } finally {
            clients.shutdownNow();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** The compatibility endpoint: 200, and the React component renders the error inline. */
    private static void assertAnsweredWithSmarterError(Answered prompt, String reason) {
        assertThat(prompt.response().statusCode()).as(prompt.response().body()).isEqualTo(200);
        assertThat(PromptClient.renderedMessages(prompt.response()))
                .as("rendered messages of %s", prompt.input())
                .anySatisfy(m -> {
                    assertThat(m.path("role").asText()).isEqualTo("smarter_error");
                    assertThat(m.path("content").asText()).contains(reason);
                });
    }

    private static List<RecordedRequest> attemptsOf(Answered prompt) {
        Map<String, List<RecordedRequest>> byInput = server.provider.requests().stream()
                .collect(Collectors.groupingBy(r -> r.lastUserMessage().orElse("")));
        return byInput.getOrDefault(prompt.input(), List.of());
    }

    /** The user's message and the error are stored for every prompt, as a whole turn. */
    private static void assertStoredWithError(List<Answered> storm) {
        StoredTurns stored = server.storedTurns();
        assertThat(stored.problems()).as("broken turns in %s", stored).isEmpty();
        for (Answered prompt : storm) {
            StoredTurns.StoredTurn turn = stored.turnOfInput(prompt.input())
                    .orElseThrow(() -> new AssertionError("the user's message was not stored: " + prompt.input()));
            assertThat(turn.endedWithError()).as("%s ends with its smarter_error", prompt.input()).isTrue();
        }
    }
}
