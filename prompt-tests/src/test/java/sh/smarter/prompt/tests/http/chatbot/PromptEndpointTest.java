package sh.smarter.prompt.tests.http.chatbot;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.chatbot.ChatbotServer.componentBody;
import static sh.smarter.prompt.tests.http.chatbot.Envelopes.assertError;
import static sh.smarter.prompt.tests.http.chatbot.Envelopes.assertSuccess;
import static sh.smarter.prompt.tests.http.chatbot.Envelopes.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;

/** {@code POST {base}prompt/} on a real server (SPEC 4, 5.2 and 6), answered as the React component reads it. */
class PromptEndpointTest {
    private static final String PROMPT = "api/v1/chatbots/example/prompt/";
    private static ChatbotServer SERVER;

    /** These turns are stored through JPA in H2, as {@code serve} stores them by default. */
    @BeforeAll
    static void start(@TempDir Path database) {
        SERVER = ChatbotServer.onH2(database);
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Test
    void answers_with_a_body_string_holding_the_completion_and_the_new_messages() {
        String key = SERVER.newSession("example");
        HttpResponse<String> response = SERVER.postJson(PROMPT + "?session_key=" + key,
                componentBody(key, "Hello &amp; welcome"));

        JsonNode data = assertSuccess(response, "prompt", "Chatbot");
        assertThat(keys(data)).containsExactly("isBase64Encoded", "statusCode", "headers", "body");
        assertThat(data.get("isBase64Encoded").booleanValue()).isFalse();
        assertThat(data.get("statusCode").intValue()).isEqualTo(200);
        assertThat(data.get("headers").toString()).isEqualTo("{\"Content-Type\":\"application/json\"}");
        assertThat(data.get("body").isTextual()).as("data.body is a JSON string").isTrue();
        JsonNode body = ChatbotServer.json(data.get("body").textValue());
        assertThat(keys(body)).containsSubsequence("id", "object", "created", "model", "choices", "usage")
                .endsWith("metadata", "smarter");
        assertThat(keys(body.get("metadata"))).containsExactly("tool_calls", "model", "temperature",
                "max_completion_tokens", "input_text");
        assertThat(body.at("/metadata/tool_calls").isNull()).isTrue();
        assertThat(body.at("/metadata/input_text").asText()).as("entities of the innerHTML decoded")
                .isEqualTo("Hello & welcome");
        assertThat(keys(body.get("smarter"))).containsExactly("first_iteration", "second_iteration", "iterations",
                "plugins", "tools", "messages");
        assertThat(body.at("/smarter/second_iteration").isEmpty()).isTrue();
        assertThat(body.at("/smarter/plugins").toString()).isEqualTo("[\"opening_hours\"]");
        assertThat(body.at("/smarter/tools").toString()).isEqualTo("[\"calculator\"]");

        List<String> roles = roles(body);
        assertThat(roles).doesNotContain("user").contains("smarter", "assistant");
        JsonNode answer = body.at("/smarter/messages/" + roles.lastIndexOf("assistant"));
        assertThat(answer.get("content").asText()).isEqualTo("Nice to meet you! You said: Hello &amp; welcome");
        assertThat(answer.get("smarter_is_new").booleanValue()).isTrue();
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo(
                "Nice to meet you! You said: Hello & welcome");
        assertThat(SERVER.model.lastRequest().header("Authorization"))
                .contains("Bearer " + ChatbotServer.PROVIDER_KEY);
        assertThat(response.body()).as("the provider's API key never reaches a client")
                .doesNotContain(ChatbotServer.PROVIDER_KEY);
    }

    @Test
    void runs_the_calculator_and_reports_the_tool_call_and_its_result() {
        JsonNode body = promptBody(SERVER.newSession("example"), "What is 1234 * 5678?");

        assertThat(body.at("/metadata/tool_calls/0/function_name").asText()).isEqualTo("calculator");
        assertThat(body.at("/metadata/tool_calls/0/function_args").toString())
                .isEqualTo("{\"expression\":\"1234 * 5678\"}");
        assertThat(body.at("/smarter/iterations").size()).isEqualTo(2);
        assertThat(body.at("/smarter/second_iteration/request/messages").toString()).contains("\"role\":\"tool\"");
        List<String> roles = roles(body);
        assertThat(roles).containsSubsequence("assistant", "smarter", "tool", "assistant");
        assertThat(body.at("/smarter/messages/" + roles.indexOf("tool") + "/content").asText())
                .isEqualTo("{\"result\":7006652}");
        assertThat(body.at("/smarter/messages/" + roles.lastIndexOf("assistant") + "/content").asText())
                .isEqualTo("1234 * 5678 = 7006652");
        assertThat(body.at("/smarter/messages/" + roles.indexOf("assistant") + "/content").isNull())
                .as("the tool request has no text, so the component skips it").isTrue();
    }

    @Test
    void escapes_markup_in_rendered_messages_but_not_in_the_raw_completion() {
        JsonNode body = promptBody(SERVER.newSession("example"), "&lt;img src=x onerror=alert(1)&gt;");

        assertThat(body.at("/choices/0/message/content").asText()).endsWith("<img src=x onerror=alert(1)>");
        assertThat(body.at("/smarter/messages").toString()).doesNotContain("<img").contains("&lt;img src=x");
    }

    @Test
    void continues_the_session_and_stores_the_turn() {
        String key = SERVER.newSession("example");
        promptBody(key, "first question");
        JsonNode body = promptBody(key, "second question");

        assertThat(body.at("/smarter/first_iteration/request/messages").toString())
                .contains("first question", "second question");
        Session session = SERVER.store.find(SERVER.example.id(), new SessionKey(key)).orElseThrow();
        List<Message> stored = SERVER.store.messagesAfter(session.id(), 0, 100);
        assertThat(stored.stream().filter(m -> m.role() == Role.USER).map(Message::content))
                .containsExactly("first question", "second question");
        assertThat(stored.get(0).role()).isEqualTo(Role.SYSTEM);
    }

    @Test
    void starts_a_session_when_no_key_is_sent() {
        JsonNode body = ChatbotServer.json(assertSuccess(SERVER.postJson(PROMPT,
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"), "prompt", "Chatbot")
                .get("body").textValue());
        assertThat(roles(body)).contains("assistant");
    }

    @Test
    void refuses_unknown_keys_and_keys_of_another_chatbot_with_not_found() {
        String keyOfOther = SERVER.newSession("other");
        promptBody("api/v1/chatbots/other/prompt/", keyOfOther, "a turn on the other chatbot");
        ChatbotServer.Counts before = SERVER.counts();

        JsonNode foreign = assertError(SERVER.postJson(PROMPT + "?session_key=" + keyOfOther,
                componentBody(keyOfOther, "hello")), 404);
        assertThat(foreign.at("/metadata/command").asText()).isEqualTo("prompt");
        assertError(SERVER.postJson(PROMPT, componentBody("cd".repeat(32), "hello")), 404);
        assertThat(SERVER.counts()).isEqualTo(before);
    }

    @Test
    void refuses_get_with_method_not_allowed() {
        JsonNode error = assertError(SERVER.get(PROMPT), 405);
        assertThat(error.at("/metadata/command").asText()).isEqualTo("prompt");
        assertError(SERVER.get("api/v1/accounts/3141-5926-5359/chatbots/example/prompt/"), 405);
    }

    @Test
    void a_provider_failure_still_answers_200_with_a_smarter_error_and_stores_the_user_message() {
        String key = SERVER.newSession("example");
        HttpResponse<String> response = SERVER.postJson(PROMPT,
                componentBody(key, "please " + ScriptedModel.FAIL + " now"));

        JsonNode body = ChatbotServer.json(assertSuccess(response, "prompt", "Chatbot").get("body").textValue());
        assertThat(body.get("id").asText()).isEqualTo("error_response");
        assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").asText()).contains("503");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage").toString())
                .isEqualTo("{\"prompt_tokens\":0,\"completion_tokens\":0,\"total_tokens\":0}");
        assertThat(roles(body)).contains("smarter_error");
        Envelopes.assertNoStackTrace(response.body());

        Session session = SERVER.store.find(SERVER.example.id(), new SessionKey(key)).orElseThrow();
        assertThat(SERVER.store.messagesAfter(session.id(), 0, 100)).extracting(Message::role)
                .contains(Role.USER, Role.SMARTER_ERROR);
    }

    @Test
    void account_qualified_prompts_work() {
        JsonNode data = assertSuccess(SERVER.postJson("api/v1/accounts/3141-5926-5359/chatbots/example/prompt/",
                componentBody("", "hello")), "prompt", "Chatbot");
        assertThat(ChatbotServer.json(data.get("body").textValue()).at("/smarter/messages").size()).isPositive();
    }

    private static JsonNode promptBody(String key, String input) {
        return promptBody(PROMPT, key, input);
    }

    private static JsonNode promptBody(String path, String key, String input) {
        JsonNode data = assertSuccess(SERVER.postJson(path + "?session_key=" + key, componentBody(key, input)),
                "prompt", "Chatbot");
        return ChatbotServer.json(data.get("body").textValue());
    }

    private static List<String> roles(JsonNode body) {
        List<String> roles = new ArrayList<>();
        body.at("/smarter/messages").forEach(m -> roles.add(m.get("role").asText()));
        return roles;
    }
}
