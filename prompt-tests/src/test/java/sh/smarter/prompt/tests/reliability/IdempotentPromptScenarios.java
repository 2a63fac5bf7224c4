package sh.smarter.prompt.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.http.PromptHttpApi;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.PromptHttpServer;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.JpaPersistence;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.providers.openai.OpenAiSettings;
import sh.smarter.prompt.tests.server.PromptClient;

/**
 * A retried prompt never runs twice (Idempotency-Key): prompts through real HTTP on the JPA store, with the fake
 * provider counting its calls. The concurrent case runs on two server instances sharing the database, as two
 * servers behind a load balancer do. Subclasses name the database.
 */
abstract class IdempotentPromptScenarios {
    private static final String CHATBOT = "example";

    /** A fresh, empty database for one test. */
    abstract DatabaseSettings database();

    private static HttpResponse<String> prompt(PromptClient client, String path, String idempotencyKey,
                                               String body) {
        return client.send(client.request(path).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String input(String text) {
        ObjectNode body = PromptClient.JSON.createObjectNode().put("input", text);
        return body.toString();
    }

    private static String inSession(String sessionKey) {
        return "api/v2/chatbots/" + CHATBOT + "/sessions/" + sessionKey + "/prompt";
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void the_same_key_twice_in_a_row_stores_one_turn_and_calls_the_provider_once() {
        try (JpaPromptServer server = new JpaPromptServer(database(), OpenAiSettings.DEFAULTS.withMaxAttempts(1))) {
            server.provider.answer("Paris.");
            String session = server.client.newSession(CHATBOT);
            String key = UUID.randomUUID().toString();

            HttpResponse<String> first = prompt(server.client, inSession(session), key, input("Capital of France?"));
            HttpResponse<String> retry = prompt(server.client, inSession(session), key, input("Capital of France?"));

            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
            JsonNode answered = PromptClient.json(first.body());
            JsonNode replayed = PromptClient.json(retry.body());
            assertThat(replayed.get("turn_id")).isEqualTo(answered.get("turn_id"));
            assertThat(replayed.get("answer").asText()).isEqualTo("Paris.");
            assertThat(replayed.get("messages")).isEqualTo(answered.get("messages"));
            assertThat(replayed.get("usage")).isEqualTo(answered.get("usage"));
            assertThat(server.provider.requestCount()).as("provider calls").isEqualTo(1);
            StoredTurns stored = server.storedTurns();
            assertThat(stored.turnsOfInput("Capital of France?")).hasSize(1);
            assertThat(stored.problems()).isEmpty();

            // Without the key, the same body is a new prompt.
            server.provider.answer("Still Paris.");
            HttpResponse<String> unkeyed = server.client.nativePrompt(CHATBOT, session, "Capital of France?");
            assertThat(unkeyed.statusCode()).as(unkeyed.body()).isEqualTo(200);
            assertThat(server.storedTurns().turnsOfInput("Capital of France?")).hasSize(2);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void the_same_key_twice_at_once_on_two_instances_stores_one_turn_and_calls_the_provider_once() {
        DatabaseSettings database = database();
        try (JpaPromptServer server = new JpaPromptServer(database, OpenAiSettings.DEFAULTS.withMaxAttempts(1));
             SecondInstance second = new SecondInstance(database)) {
            // Slow enough that the second request arrives while the first is still with the provider.
            server.provider.latency(Duration.ofMillis(1_500)).answer("Forty-two.");
            String key = UUID.randomUUID().toString();
            String path = "api/v2/chatbots/" + CHATBOT + "/prompt";

            CompletableFuture<HttpResponse<String>> onFirst = CompletableFuture.supplyAsync(
                    () -> prompt(server.client, path, key, input("The answer?")));
            server.provider.awaitRequests(1, Duration.ofSeconds(30));
            CompletableFuture<HttpResponse<String>> onSecond = CompletableFuture.supplyAsync(
                    () -> prompt(second.client, path, key, input("The answer?")));
            HttpResponse<String> first = onFirst.join();
            HttpResponse<String> other = onSecond.join();

            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
            JsonNode a = PromptClient.json(first.body());
            JsonNode b = PromptClient.json(other.body());
            assertThat(b.get("session_key")).as("one new session for both").isEqualTo(a.get("session_key"));
            assertThat(b.get("turn_id")).isEqualTo(a.get("turn_id"));
            assertThat(b.get("answer").asText()).isEqualTo("Forty-two.");
            assertThat(server.provider.requestCount()).as("provider calls").isEqualTo(1);
            StoredTurns stored = server.storedTurns();
            assertThat(stored.turnsOfInput("The answer?")).hasSize(1);
            assertThat(stored.problems()).isEmpty();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void the_same_key_with_a_different_body_is_refused_with_422_and_runs_nothing() {
        try (JpaPromptServer server = new JpaPromptServer(database(), OpenAiSettings.DEFAULTS.withMaxAttempts(1))) {
            server.provider.answer("Paris.");
            String session = server.client.newSession(CHATBOT);
            String key = UUID.randomUUID().toString();
            assertThat(prompt(server.client, inSession(session), key, input("Capital of France?")).statusCode())
                    .isEqualTo(200);

            HttpResponse<String> other = prompt(server.client, inSession(session), key, input("Capital of Spain?"));

            JsonNode error = ErrorAnswers.assertErrorEnvelope("same key, other body", 422, other.body());
            assertThat(other.statusCode()).isEqualTo(422);
            assertThat(error.path("description").asText()).contains("Idempotency-Key")
                    .contains("different request");
            assertThat(server.provider.requestCount()).as("provider calls").isEqualTo(1);
            assertThat(server.storedTurns().turnsOfInput("Capital of Spain?")).isEmpty();

            // The same key on another session is another request too.
            String otherSession = server.client.newSession(CHATBOT);
            HttpResponse<String> elsewhere = prompt(server.client, inSession(otherSession), key,
                    input("Capital of France?"));
            assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(422);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void a_turn_whose_provider_failed_is_answered_again_with_its_error_not_run_again() {
        try (JpaPromptServer server = new JpaPromptServer(database(), OpenAiSettings.DEFAULTS.withMaxAttempts(1))) {
            server.provider.fail(500, "upstream exploded");
            String session = server.client.newSession(CHATBOT);
            String key = UUID.randomUUID().toString();

            HttpResponse<String> first = prompt(server.client, inSession(session), key, input("Hello?"));
            HttpResponse<String> retry = prompt(server.client, inSession(session), key, input("Hello?"));

            assertThat(first.statusCode()).as(first.body()).isEqualTo(502);
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(502);
            assertThat(PromptClient.json(retry.body()).get("turn_id"))
                    .isEqualTo(PromptClient.json(first.body()).get("turn_id"));
            assertThat(PromptClient.json(retry.body()).path("description").asText())
                    .isEqualTo(PromptClient.json(first.body()).path("description").asText());
            assertThat(server.provider.requestCount()).as("provider calls").isEqualTo(1);
            assertThat(server.storedTurns().turnsOfInput("Hello?")).hasSize(1);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void a_malformed_key_is_a_400_and_runs_nothing() {
        try (JpaPromptServer server = new JpaPromptServer(database(), OpenAiSettings.DEFAULTS.withMaxAttempts(1))) {
            String session = server.client.newSession(CHATBOT);
            HttpResponse<String> spaced = prompt(server.client, inSession(session), "two words", input("Hi"));
            HttpResponse<String> tooLong = prompt(server.client, inSession(session), "k".repeat(256), input("Hi"));
            ErrorAnswers.assertErrorEnvelope("a key with a space", 400, spaced.body());
            ErrorAnswers.assertErrorEnvelope("a key of 256 characters", 400, tooLong.body());
            assertThat(spaced.statusCode()).isEqualTo(400);
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(server.provider.requestCount()).isZero();
            assertThat(server.storedTurns().turnsOfInput("Hi")).isEmpty();
        }
    }

    /** Another server on the same database, as a second instance behind a load balancer. */
    private static final class SecondInstance implements AutoCloseable {
        final JpaPersistence persistence;
        final PromptHttpServer http;
        final PromptClient client;

        SecondInstance(DatabaseSettings database) {
            persistence = JpaPersistence.open(database);
            PromptEngine engine = PromptEngine.builder()
                    .sessionStore(persistence.sessionStore())
                    .resourceCatalog(persistence.resourceCatalog())
                    .chatCompletionProvider(new OpenAiCompatibleProvider(OpenAiSettings.DEFAULTS.withMaxAttempts(1),
                            variable -> null))
                    .build();
            http = PromptHttpApi.start(engine, HttpSettings.onPort(0));
            client = new PromptClient(http.localUrl());
        }

        @Override
        public void close() {
            try (JpaPersistence closing = persistence) {
                http.stop();
            }
        }
    }

}
