package sh.smarter.prompt.tests.http.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.nativeapi.NativeSessionsApiTest.keys;
import static sh.smarter.prompt.tests.http.nativeapi.PromptApiServer.input;
import static sh.smarter.prompt.tests.http.nativeapi.PromptApiServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;

/** The native prompt endpoints: their answer, and real status codes for every way a prompt can fail. */
class NativePromptApiTest {
    private static final String PROMPT = "api/v2/chatbots/example/prompt";

    @RegisterExtension
    static final PromptApiServer api = PromptApiServer.start();

    private static String inSession(String key) {
        return "api/v2/chatbots/example/sessions/" + key + "/prompt";
    }

    @Test
    void a_prompt_answers_200_with_the_stored_turn() {
        api.fake.answer("Hello there");
        HttpResponse<String> response = api.postJson(PROMPT, null, input("Hi"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        JsonNode turn = json(response);
        assertThat(keys(turn)).containsExactly("session_key", "turn_id", "answer", "messages", "tool_calls", "usage",
                "model");
        assertThat(turn.get("answer").asText()).isEqualTo("Hello there");
        assertThat(turn.get("session_key").asText()).matches("[0-9a-f]{64}");
        assertThat(turn.get("tool_calls").isArray()).isTrue();
        assertThat(keys(turn.get("usage"))).containsExactly("prompt_tokens", "completion_tokens", "total_tokens");
        assertThat(turn.get("usage").get("total_tokens").asLong()).isPositive();
        JsonNode last = turn.get("messages").get(turn.get("messages").size() - 1);
        assertThat(turn.get("messages").findValuesAsText("role")).contains("user", "smarter", "assistant");

        List<Message> stored = api.storedMessages(api.example, turn.get("session_key").asText());
        List<Message> ofTurn = stored.stream().filter(m -> turn.get("turn_id").asText().equals(m.turnId())
                && m.role() != Role.SYSTEM).toList();
        assertThat(turn.get("messages").findValuesAsText("content"))
                .containsSubsequence(ofTurn.stream().map(Message::content).toList());
        assertThat(last.get("seq").asLong()).isEqualTo(stored.get(stored.size() - 1).seq());
        assertThat(keys(last)).contains("seq", "role", "content", "turn_id", "created_at");
    }

    @Test
    void a_prompt_in_a_session_continues_it() {
        api.fake.answer("first").answer("second");
        String key = json(api.postJson(PROMPT, null, input("one"))).get("session_key").asText();
        JsonNode second = json(api.postJson(inSession(key), null, "{\"input\": \"two\"}"));
        assertThat(second.get("session_key").asText()).isEqualTo(key);
        assertThat(second.get("answer").asText()).isEqualTo("second");
        // The provider saw the first turn as history.
        assertThat(api.fake.lastRequest().body().toJson()).contains("one", "first", "two");
    }

    @Test
    void tool_calls_are_reported() {
        api.fake.callTools(FakeOpenAiServer.toolCall("call_1", "calculator", "{\"expression\": \"6*7\"}"))
                .respond(request -> sh.smarter.prompt.tests.fake.Reply.text("It is "
                        + request.lastToolResult().orElse("?")));
        JsonNode turn = json(api.postJson(PROMPT, null, input("What is 6*7?")));
        assertThat(turn.get("tool_calls").get(0).get("function_name").asText()).isEqualTo("calculator");
        assertThat(turn.get("tool_calls").get(0).get("arguments").get("expression").asText()).isEqualTo("6*7");
        assertThat(turn.get("answer").asText()).contains("42");
        JsonNode request = turn.get("messages").findParents("tool_calls").get(0);
        assertThat(request.get("tool_calls").get(0).get("name").asText()).isEqualTo("calculator");
        JsonNode result = turn.get("messages").findParents("tool_call_id").get(0);
        assertThat(result.get("role").asText()).isEqualTo("tool");
        assertThat(result.get("name").asText()).isEqualTo("calculator");
    }

    @Test
    void a_provider_error_is_502_and_the_turn_is_stored_with_its_session_named() {
        api.fake.fail(500, "The server had an error");
        HttpResponse<String> response = api.postJson(PROMPT, null, input("will fail"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        JsonNode error = json(response);
        assertThat(keys(error)).contains("error", "description", "context", "api", "metadata", "request_id",
                "session_key", "turn_id");
        assertThat(error.get("error").get("status").asText()).isEqualTo("502");
        List<Message> stored = api.storedMessages(api.example, error.get("session_key").asText());
        assertThat(stored).extracting(Message::role).contains(Role.USER, Role.SMARTER_ERROR);
        assertThat(stored).extracting(Message::content).contains("will fail");

        // The client continues the same conversation.
        api.fake.answer("back again");
        HttpResponse<String> next = api.postJson(inSession(error.get("session_key").asText()), null, input("retry"));
        assertThat(next.statusCode()).isEqualTo(200);
    }

    @Test
    void a_provider_timeout_is_504() {
        api.fake.hang();
        HttpResponse<String> response = api.postJson(PROMPT, null, input("too slow"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
        JsonNode error = json(response);
        assertThat(error.get("error").get("errorClass").asText()).isEqualTo("SmarterProviderTimeout");
        assertThat(api.storedMessages(api.example, error.get("session_key").asText()))
                .extracting(Message::content).contains("too slow");
    }

    @Test
    void an_unknown_session_or_chatbot_is_404() {
        String unknown = "ab".repeat(32);
        HttpResponse<String> response = api.postJson(inSession(unknown), null, input("anyone?"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").get("errorClass").asText()).isEqualTo("SmarterNotFound");
        assertThat(api.postJson("api/v2/chatbots/nobody/prompt", null, input("x")).statusCode()).isEqualTo(404);
        // A session of another chatbot is unknown here.
        String bravoSession = json(api.postJson("api/v2/chatbots/bravo/prompt", null, input("b"))).get("session_key")
                .asText();
        assertThat(api.postJson(inSession(bravoSession), null, input("cross")).statusCode()).isEqualTo(404);
        assertThat(api.fake.requestCount()).isEqualTo(1);
    }

    @Test
    void bad_bodies_are_4xx_and_store_nothing() {
        long before = sessionCount();
        List<String> bodies = List.of("{}", "{\"input\": 42}", "{\"input\": \"  \"}", "{\"input\": \"x\"",
                "[1, 2]", "{\"messages\": \"hi\"}", "{\"messages\": [{\"content\": \"no role\"}]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": 7}]}");
        for (String body : bodies) {
            HttpResponse<String> response = api.postJson(PROMPT, null, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).has("description")).isTrue();
        }
        HttpResponse<String> text = api.post(PROMPT, null, "text/plain", "hello");
        assertThat(text.statusCode()).isEqualTo(415);
        HttpResponse<String> malformedKey = api.postJson(inSession("not-a-key"), null, input("x"));
        assertThat(malformedKey.statusCode()).isEqualTo(400);
        assertThat(sessionCount()).isEqualTo(before);
        assertThat(api.fake.requestCount()).isZero();
    }

    @Test
    void messages_can_carry_the_input() {
        api.fake.answer("from messages");
        HttpResponse<String> response = api.postJson(PROMPT, null,
                "{\"messages\": [{\"role\": \"assistant\", \"content\": \"Hi, I am the intro\"},"
                        + " {\"role\": \"user\", \"content\": \"the question\"}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<Message> stored = api.storedMessages(api.example, json(response).get("session_key").asText());
        assertThat(stored).extracting(Message::content).contains("Hi, I am the intro", "the question");
    }

    @Test
    void a_chatbot_that_requires_a_key_refuses_anonymous_prompts() {
        String path = "api/v2/chatbots/locked/prompt";
        assertThat(api.postJson(path, null, input("let me in")).statusCode()).isEqualTo(401);
        assertThat(api.postJson(path, api.keyOfB, input("let me in")).statusCode()).isEqualTo(403);
        api.fake.answer("welcome");
        assertThat(api.postJson(path, api.keyOfA, input("let me in")).statusCode()).isEqualTo(200);
    }

    private static long sessionCount() {
        return api.store.countSessionsByChatbot().values().stream().mapToLong(Long::longValue).sum();
    }
}
