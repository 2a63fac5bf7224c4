package sh.smarter.prompt.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.providers.openai.OpenAiSettings;
import sh.smarter.prompt.tests.server.PromptClient;

/**
 * A turn whose commit fails with its outcome unknown (the connection lost during the commit) is resolved before
 * the server answers: it looks the turn up by its id and answers with it when it was stored, 503 when it was not.
 * The failure is injected once into the product's own connections ({@link CommitFailures}).
 */
abstract class UnknownCommitScenarios {
    private static final String CHATBOT = "example";

    abstract DatabaseSettings database();

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void a_commit_that_went_through_before_the_connection_was_lost_answers_with_the_stored_turn() {
        CommitFailures failures = new CommitFailures();
        try (JpaPromptServer server = new JpaPromptServer(database(), OpenAiSettings.DEFAULTS.withMaxAttempts(1),
                failures::wrap)) {
            server.provider.answer("Stored anyway.");
            String session = server.client.newSession(CHATBOT);
            failures.failNextAppend(CommitFailures.Outcome.COMMITTED);

            HttpResponse<String> response = server.client.nativePrompt(CHATBOT, session, "Is it stored?");

            assertThat(failures.fired()).as("injected commit failures").isEqualTo(1);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode turn = PromptClient.json(response.body());
            assertThat(turn.get("answer").asText()).isEqualTo("Stored anyway.");
            StoredTurns stored = server.storedTurns();
            assertThat(stored.turnsOfInput("Is it stored?")).singleElement()
                    .satisfies(t -> assertThat(t.turnId()).isEqualTo(turn.get("turn_id").asText()));
            assertThat(turn.get("messages").get(turn.get("messages").size() - 1).get("seq").asLong())
                    .as("the answer's last seq is the stored one")
                    .isEqualTo(stored.turnsOfInput("Is it stored?").get(0).messages()
                            .get(stored.turnsOfInput("Is it stored?").get(0).messages().size() - 1).seq());
            assertThat(stored.problems()).isEmpty();
            assertThat(server.provider.requestCount()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void a_commit_that_did_not_go_through_answers_503_and_stores_nothing() {
        CommitFailures failures = new CommitFailures();
        try (JpaPromptServer server = new JpaPromptServer(database(), OpenAiSettings.DEFAULTS.withMaxAttempts(1),
                failures::wrap)) {
            server.provider.answer("Lost.").answer("Second try.");
            String session = server.client.newSession(CHATBOT);
            failures.failNextAppend(CommitFailures.Outcome.ROLLED_BACK);

            HttpResponse<String> response = server.client.nativePrompt(CHATBOT, session, "Is it stored?");

            assertThat(failures.fired()).as("injected commit failures").isEqualTo(1);
            ErrorAnswers.assertErrorEnvelope("a turn that was not stored", 503, response.body());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(server.storedTurns().turnsOfInput("Is it stored?")).isEmpty();

            HttpResponse<String> again = server.client.nativePrompt(CHATBOT, session, "Is it stored?");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(server.storedTurns().turnsOfInput("Is it stored?")).hasSize(1);
            assertThat(server.storedTurns().problems()).isEmpty();
        }
    }
}
