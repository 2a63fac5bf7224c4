package sh.smarter.prompt.tests.http.smartercli;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.smartercli.CliClient.error;
import static sh.smarter.prompt.tests.http.smartercli.CliClient.keys;
import static sh.smarter.prompt.tests.http.smartercli.CliClient.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.tests.http.nativeapi.PromptApiServer;

/** {@code smarter chat}: prompts per (API key, uid, chatbot) session, and the configuration object. */
class CliChatTest {
    @RegisterExtension
    static final PromptApiServer api = PromptApiServer.start();
    private static final CliClient cli = new CliClient(api);

    private static String prompt(String text) {
        return PromptApiServer.JSON.createObjectNode().put("prompt", text).toString();
    }

    private static JsonNode chat(String path, String key, String text) {
        return ok(cli.post(path, key, prompt(text)), "chat", "Chat");
    }

    private static String sessionOf(JsonNode chat) {
        return chat.get("data").get("request").get("session_key").asText();
    }

    @Test
    void a_prompt_answers_the_chatbot_response_with_its_body_as_an_object() {
        JsonNode json = chat("chat/example/?uid=shape-host-00%3A11&new_session=false", api.keyOfA, "Hello CLI");
        assertThat(keys(json)).containsExactly("data", "api", "metadata");
        JsonNode data = json.get("data");
        assertThat(keys(data)).containsExactly("request", "response");
        JsonNode request = data.get("request");
        assertThat(request.get("prompt").asText()).isEqualTo("Hello CLI");
        assertThat(request.get("session_key").asText()).matches("[0-9a-f]{64}");
        assertThat(request.get("messages").findValuesAsText("role")).containsExactly("assistant", "user");

        JsonNode response = data.get("response");
        assertThat(keys(response)).containsExactly("data", "api", "metadata");
        assertThat(response.get("api").asText()).isEqualTo("smarter.sh/v1");
        assertThat(response.get("metadata")).isEqualTo(PromptApiServer.json(
                "{\"command\": \"prompt\", \"thing\": \"Chatbot\"}"));
        JsonNode lambda = response.get("data");
        assertThat(keys(lambda)).containsExactly("isBase64Encoded", "statusCode", "headers", "body");
        assertThat(lambda.get("statusCode").asInt()).isEqualTo(200);
        JsonNode body = lambda.get("body");
        assertThat(body.isObject()).as("data.body is an object for the CLI").isTrue();
        assertThat(body.get("choices").get(0).get("message").get("content").asText()).isEqualTo("Echo: Hello CLI");
        assertThat(body.get("metadata").get("input_text").asText()).isEqualTo("Hello CLI");
        assertThat(body.get("smarter").get("messages").findValuesAsText("role")).contains("assistant");
        // The welcome seeded the new session, as the original CLI view did.
        assertThat(api.storedMessages(api.example, sessionOf(json))).extracting(Message::content)
                .anyMatch(c -> c.startsWith("Welcome to the example. Following are some example prompts:"));
    }

    @Test
    void consecutive_prompts_of_one_uid_continue_one_session_until_a_new_one_is_asked() {
        String uid = "?uid=host-a-aa%3Abb";
        String first = sessionOf(chat("chat/example/" + uid + "&new_session=false", api.keyOfA, "one"));
        String second = sessionOf(chat("chat/example/" + uid + "&new_session=false", api.keyOfA, "two"));
        assertThat(second).isEqualTo(first);
        assertThat(api.storedMessages(api.example, first)).filteredOn(m -> m.role() == Role.USER)
                .extracting(Message::content).containsExactly("one", "two");

        String fresh = sessionOf(chat("chat/example/" + uid + "&new_session=true", api.keyOfA, "three"));
        assertThat(fresh).isNotEqualTo(first);
        String next = sessionOf(chat("chat/example/" + uid, api.keyOfA, "four"));
        assertThat(next).as("the next prompt continues the new session").isEqualTo(fresh);
        assertThat(api.storedMessages(api.example, fresh)).filteredOn(m -> m.role() == Role.USER)
                .extracting(Message::content).containsExactly("three", "four");

        String otherUid = sessionOf(chat("chat/example/?uid=host-b&new_session=false", api.keyOfA, "five"));
        assertThat(otherUid).isNotIn(first, fresh);
        String otherKey = api.engine.apiKeys().create(api.accountA.id(), "desktop").clearKey();
        String sameUidOtherKey = sessionOf(chat("chat/example/" + uid, otherKey, "six"));
        assertThat(sameUidOtherKey).isNotIn(first, fresh);
        // The prompt/ spelling is the same endpoint.
        assertThat(sessionOf(chat("prompt/example/" + uid, api.keyOfA, "seven"))).isEqualTo(fresh);
    }

    @Test
    void an_explicit_session_key_in_the_body_is_continued() {
        String key = sessionOf(chat("chat/example/?uid=explicit", api.keyOfA, "start"));
        String body = PromptApiServer.JSON.createObjectNode().put("prompt", "go on").put("session_key", key)
                .toString();
        JsonNode json = ok(cli.post("chat/example/?uid=somebody-else", api.keyOfA, body), "chat", "Chat");
        assertThat(sessionOf(json)).isEqualTo(key);
    }

    @Test
    void bad_requests_are_refused_with_the_envelope_and_store_nothing() {
        long before = sessions();
        error(cli.post("chat/example/?uid=x", null, prompt("hi")), 401);
        error(cli.post("chat/example/?uid=x", "spk_wrong", prompt("hi")), 401);
        error(cli.post("chat/example/", api.keyOfA, prompt("hi")), 400);
        error(cli.post("chat/example/?uid=x&new_session=maybe", api.keyOfA, prompt("hi")), 400);
        error(cli.post("chat/example/?uid=x", api.keyOfA, "{}"), 400);
        error(cli.post("chat/example/?uid=x", api.keyOfA, "{\"prompt\": 12}"), 400);
        error(cli.post("chat/example/?uid=x", api.keyOfA, "{\"prompt\": "), 400);
        error(cli.post("chat/example/?uid=" + "u".repeat(201), api.keyOfA, prompt("hi")), 400);
        // Another account's chatbot does not exist for this key.
        JsonNode foreign = error(cli.post("chat/bravo/?uid=x", api.keyOfA, prompt("hi")), 404);
        assertThat(foreign.get("context").asText()).isEqualTo("thing=Chat, command=chat");
        error(cli.post("chat/nobody/?uid=x", api.keyOfA, prompt("hi")), 404);
        assertThat(sessions()).isEqualTo(before);
    }

    @Test
    void the_configuration_shows_the_session_the_uid_continues() {
        String uid = "config-host";
        String key = sessionOf(chat("chat/example/?uid=" + uid, api.keyOfA, "remember me"));
        for (String path : List.of("chat/config/example/?uid=" + uid, "prompt/config/example/?uid=" + uid)) {
            JsonNode json = ok(cli.post(path, api.keyOfA), "chat_config", "ChatConfig");
            JsonNode data = json.get("data");
            assertThat(data.get("session_key").asText()).isEqualTo(key);
            assertThat(data.get("chatbot").get("name").asText()).isEqualTo("example");
            assertThat(data.get("chatbot").get("url_chatbot").asText()).startsWith("http")
                    .endsWith("/chatbots/example/prompt/");
            assertThat(data.get("history").get("chat_history").findValuesAsText("content")).contains("remember me");
        }
        JsonNode bySessionKey = ok(api.send(api.request("api/v1/cli/chat/config/example/?session_key=" + key,
                api.keyOfA).GET()), "chat_config", "ChatConfig");
        assertThat(bySessionKey.get("data").get("session_key").asText()).isEqualTo(key);
        JsonNode fresh = ok(cli.post("chat/config/example/", api.keyOfA), "chat_config", "ChatConfig");
        assertThat(fresh.get("data").get("session_key").asText()).isNotEqualTo(key);
        error(cli.post("chat/config/example/", null), 401);
        error(cli.post("chat/config/bravo/", api.keyOfA), 404);
        error(cli.post("chat/config/example/?session_key=nope", api.keyOfA), 400);
    }

    private static long sessions() {
        return api.store.countSessionsByChatbot().values().stream().mapToLong(Long::longValue).sum();
    }
}
