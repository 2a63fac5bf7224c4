package sh.smarter.prompt.tests.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.Reply;

/**
 * A provider or gateway that ignores {@code "stream": true} and answers with the plain completion as
 * {@code application/json}: the answer is read as the completion it is and reaches the listener in one piece.
 */
class OpenAiUnstreamedAnswerTest {
    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final OpenAiCompatibleProvider adapter = Providers.adapter();
    private final ProviderSettings provider = Providers.provider(server.url());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_streamed_request_answered_with_json_gives_the_whole_answer_as_one_delta() {
        server.then(Reply.text("The whole answer, in one piece.").neverStreamed());
        List<String> deltas = new CopyOnWriteArrayList<>();

        ChatCompletion completion = adapter.stream(provider, Providers.simpleRequest("Hello"), deltas::add);

        assertThat(server.lastRequest().isStreaming()).as("the adapter asked for a stream").isTrue();
        assertThat(deltas).containsExactly("The whole answer, in one piece.");
        assertThat(completion.content()).isEqualTo("The whole answer, in one piece.");
        assertThat(completion.finishReason()).isEqualTo("stop");
        assertThat(completion.usage().totalTokens()).isPositive();
    }

    @Test
    void the_unstreamed_answer_equals_the_plain_one() {
        server.then(Reply.text("Same either way").withId("chatcmpl-same").neverStreamed())
                .then(Reply.text("Same either way").withId("chatcmpl-same"));

        ChatCompletion streamed = adapter.stream(provider, Providers.simpleRequest("Hi"), delta -> { });
        ChatCompletion plain = adapter.complete(provider, Providers.simpleRequest("Hi"));

        assertThat(streamed.raw()).isEqualTo(plain.raw());
    }

    @Test
    void tool_calls_answered_unstreamed_are_read_without_a_delta() {
        server.then(Reply.toolCalls(FakeOpenAiServer.toolCall("call_1", "calculator", "{\"expression\": \"6*7\"}"))
                .neverStreamed());
        List<String> deltas = new CopyOnWriteArrayList<>();

        ChatCompletion completion = adapter.stream(provider, Providers.simpleRequest("What is 6*7?"), deltas::add);

        assertThat(deltas).isEmpty();
        assertThat(completion.toolCalls()).extracting(ToolCall::name).containsExactly("calculator");
        assertThat(completion.toolCalls()).extracting(ToolCall::arguments).containsExactly("{\"expression\": \"6*7\"}");
    }
}
