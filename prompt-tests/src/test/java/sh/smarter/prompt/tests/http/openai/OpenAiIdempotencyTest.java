package sh.smarter.prompt.tests.http.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnprocessableEntityException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionQuery;
import sh.smarter.prompt.tests.http.nativeapi.PromptApiServer;

/**
 * {@code Idempotency-Key} on the OpenAI-compatible endpoint, sent the way a user of the official OpenAI Java SDK
 * sends it: as an additional header of the request, which the SDK repeats on each of its own retries.
 */
class OpenAiIdempotencyTest {
    @RegisterExtension
    static final PromptApiServer api = PromptApiServer.withProviderTimeout(Duration.ofSeconds(30));

    private static OpenAIClient client(Duration timeout, int maxRetries) {
        return OpenAIOkHttpClient.builder().baseUrl(api.url("v1")).apiKey(api.keyOfA).timeout(timeout)
                .maxRetries(maxRetries).build();
    }

    private static ChatCompletionCreateParams ask(String text, String idempotencyKey) {
        return ChatCompletionCreateParams.builder().model("example").addUserMessage(text)
                .putAdditionalHeader("Idempotency-Key", idempotencyKey).build();
    }

    /** The stored user messages with this text, in every session of the chatbot. */
    private static List<Message> storedInputs(String text) {
        return api.store.list(SessionQuery.firstPage(api.example.id(), SessionQuery.MAX_LIMIT)).sessions().stream()
                .map(Session::id)
                .flatMap(id -> api.store.messagesAfter(id, 0, 10_000).stream())
                .filter(m -> m.role() == Role.USER && text.equals(m.content()))
                .toList();
    }

    @Test
    void the_sdks_own_retries_after_a_timeout_get_the_turn_that_ran_once() {
        // The first attempt times out while the provider still works on it; the SDK retries with the same header.
        api.fake.latency(Duration.ofMillis(2_500)).answer("Counted once.");
        OpenAIClient client = client(Duration.ofMillis(1_500), 4);
        try {
            ChatCompletion completion = client.chat().completions().create(ask("Count me once", UUID.randomUUID()
                    .toString()));

            assertThat(completion.choices().get(0).message().content()).contains("Counted once.");
            assertThat(api.fake.requestCount()).as("provider calls").isEqualTo(1);
            assertThat(storedInputs("Count me once")).as("stored turns").hasSize(1);
        } finally {
            client.close();
        }
    }

    @Test
    void the_same_key_with_another_message_is_422_and_runs_nothing() {
        api.fake.answer("First.");
        OpenAIClient client = client(Duration.ofSeconds(30), 0);
        try {
            String key = UUID.randomUUID().toString();
            client.chat().completions().create(ask("The first question", key));

            UnprocessableEntityException refused = catchThrowableOfType(UnprocessableEntityException.class,
                    () -> client.chat().completions().create(ask("Another question", key)));

            assertThat(refused).isNotNull();
            assertThat(refused.getMessage()).contains("Idempotency-Key").contains("different request");
            assertThat(api.fake.requestCount()).as("provider calls").isEqualTo(1);
            assertThat(storedInputs("Another question")).isEmpty();
        } finally {
            client.close();
        }
    }
}
