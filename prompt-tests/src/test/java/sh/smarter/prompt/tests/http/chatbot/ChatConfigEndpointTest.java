package sh.smarter.prompt.tests.http.chatbot;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.chatbot.Envelopes.assertError;
import static sh.smarter.prompt.tests.http.chatbot.Envelopes.assertSuccess;
import static sh.smarter.prompt.tests.http.chatbot.Envelopes.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code {base}config/} and {@code {base}prompt/config/} on a real server (SPEC 4 and 5.2). */
class ChatConfigEndpointTest {
    private static final ChatbotServer SERVER = ChatbotServer.inMemory();
    private static final String CONFIG = "api/v1/chatbots/example/config/";

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Test
    void has_the_configuration_object_key_for_key() {
        JsonNode data = config(CONFIG, "{\"session_key\": \"\"}");

        assertThat(keys(data)).containsExactly("session_key", "sandbox_mode", "debug_mode", "chatbot", "history",
                "meta_data", "plugins", "functions");
        assertThat(data.get("session_key").asText()).matches("[0-9a-f]{64}");
        assertThat(data.get("sandbox_mode").isBoolean()).isTrue();
        assertThat(data.get("debug_mode").booleanValue()).isFalse();
        assertThat(keys(data.get("chatbot"))).containsExactly("id", "name", "description", "version", "account",
                "provider", "default_model", "default_system_role", "default_temperature", "default_max_tokens",
                "app_name", "app_assistant", "app_welcome_message", "app_example_prompts", "app_placeholder",
                "app_info_url", "app_background_image_url", "app_logo_url", "app_file_attachment", "deployed",
                "subdomain", "custom_domain", "dns_verification_status", "url_chatbot", "created_at", "updated_at");
        assertThat(keys(data.get("history"))).containsExactly("chat", "chat_history", "has_more",
                "chat_tool_call_history", "chat_plugin_usage_history", "chatbot_request_history",
                "plugin_selector_history");
        assertThat(keys(data.at("/history/chat"))).containsExactly("id", "session_key", "created_at", "updated_at",
                "ip_address", "user_agent", "url", "chatbot");
        assertThat(keys(data.get("meta_data"))).containsExactly("is_valid", "is_deployed",
                "is_authentication_required");
        assertThat(keys(data.get("plugins"))).containsExactly("meta_data", "plugins");
        assertThat(data.at("/plugins/meta_data").toString()).isEqualTo("{\"total_plugins\":1,\"plugins_returned\":1}");
        assertThat(data.at("/plugins/plugins/0/name").asText()).isEqualTo("opening_hours");
        assertThat(data.get("functions").toString()).isEqualTo("{\"meta_data\":{\"total_functions\":1,"
                + "\"functions_returned\":1},\"functions\":[{\"name\":\"calculator\"}]}");
    }

    @Test
    void writes_the_chatbot_verbatim_with_an_absolute_prompt_url() {
        JsonNode chatbot = config(CONFIG, "").get("chatbot");

        List<String> prompts = new ArrayList<>();
        chatbot.get("app_example_prompts").forEach(prompt -> prompts.add(prompt.textValue()));
        assertThat(prompts).isEqualTo(ChatbotServer.EXAMPLE_PROMPTS);
        assertThat(chatbot.get("url_chatbot").asText()).isEqualTo(SERVER.url("api/v1/chatbots/example/prompt/"))
                .startsWith("http://127.0.0.1:");
        assertThat(chatbot.get("account").toString()).isEqualTo("{\"account_number\":\"3141-5926-5359\"}");
        assertThat(chatbot.get("created_at").asText()).isEqualTo("2026-11-26T07:00:00.123456Z");
        assertThat(chatbot.get("updated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(chatbot.get("default_temperature").doubleValue()).isEqualTo(0.5);
        assertThat(chatbot.get("dns_verification_status").asText()).isEqualTo("Not Verified");
        assertThat(chatbot.get("subdomain").isNull()).isTrue();
        assertThat(chatbot.get("custom_domain").isNull()).isTrue();
        String role = chatbot.get("default_system_role").asText();
        assertThat(role).startsWith("The current date/time is ");
        assertThat(role.indexOf("The current date/time is ", 1)).as("the date line appears once").isEqualTo(-1);
    }

    @Test
    void echoes_nothing_of_the_callers_request_in_meta_data() {
        JsonNode data = SERVER.send(SERVER.request(CONFIG).header("User-Agent", "agent-007")
                .header("Authorization", "Bearer secret-token-123").header("X-Forwarded-For", "203.0.113.9")
                .POST(HttpRequest.BodyPublishers.noBody())).body().transform(ChatbotServer::json).get("data");
        assertThat(data.get("meta_data").toString()).isEqualTo(
                "{\"is_valid\":true,\"is_deployed\":true,\"is_authentication_required\":false}");
        assertThat(data.toString()).doesNotContain("secret-token-123", "203.0.113.9");
    }

    @Test
    void serves_both_paths_for_get_and_post_and_the_account_qualified_form() {
        String key = config(CONFIG, "").get("session_key").asText();
        for (String path : List.of(CONFIG, "api/v1/chatbots/example/prompt/config/",
                "api/v1/accounts/3141-5926-5359/chatbots/example/config/",
                "api/v1/accounts/3141-5926-5359/chatbots/example/prompt/config/")) {
            assertThat(config(path, "{\"session_key\": \"" + key + "\"}").get("session_key").asText()).as(path)
                    .isEqualTo(key);
            JsonNode byGet = assertSuccess(SERVER.get(path + "?session_key=" + key), "chat_config", "ChatConfig");
            assertThat(byGet.get("session_key").asText()).as("GET " + path).isEqualTo(key);
        }
        assertThat(config("api/v1/accounts/3141-5926-5359/chatbots/example/config/", "").at("/chatbot/url_chatbot")
                .asText()).isEqualTo(SERVER.url("api/v1/accounts/3141-5926-5359/chatbots/example/prompt/"));
    }

    @Test
    void finds_the_key_in_query_then_body_then_cookie_normalised() {
        String k1 = config(CONFIG, "").get("session_key").asText();
        String k2 = config(CONFIG, "").get("session_key").asText();

        assertThat(SERVER.send(SERVER.request(CONFIG + "?session_key=" + k1).header("Content-Type",
                "application/json").header("Cookie", "session_key=" + k2).POST(
                HttpRequest.BodyPublishers.ofString("{\"session_key\": \"" + k2 + "\"}"))).body())
                .contains("\"session_key\":\"" + k1 + "\"");
        assertThat(config(CONFIG, "{\"session_key\": \" " + k2.toUpperCase(Locale.ROOT) + "/ \"}")
                .get("session_key").asText())
                .isEqualTo(k2);
        assertThat(SERVER.send(SERVER.request(CONFIG).header("Cookie", "session_key=" + k1)
                .POST(HttpRequest.BodyPublishers.noBody())).body()).contains("\"session_key\":\"" + k1 + "\"");
    }

    @Test
    void mints_a_new_session_for_an_unknown_key_or_a_key_of_another_chatbot() {
        String unknown = "ab".repeat(32);
        String fresh = config(CONFIG, "{\"session_key\": \"" + unknown + "\"}").get("session_key").asText();
        assertThat(fresh).matches("[0-9a-f]{64}").isNotEqualTo(unknown);

        String keyOfOther = config("api/v1/chatbots/other/config/", "").get("session_key").asText();
        String minted = config(CONFIG, "{\"session_key\": \"" + keyOfOther + "\"}").get("session_key").asText();
        assertThat(minted).isNotEqualTo(keyOfOther).isNotEqualTo(fresh);
    }

    @Test
    void refuses_malformed_keys_and_unknown_chatbots() {
        ChatbotServer.Counts before = SERVER.counts();
        JsonNode malformed = assertError(SERVER.postJson(CONFIG, "{\"session_key\": \"not-a-key\"}"), 400);
        assertThat(malformed.at("/metadata/command").asText()).isEqualTo("chat_config");
        assertThat(malformed.get("description").asText()).contains("session_key");
        assertError(SERVER.get(CONFIG + "?session_key=1234"), 400);
        assertError(SERVER.postJson(CONFIG, "{\"session_key\": 12}"), 400);
        assertThat(SERVER.counts()).isEqualTo(before);

        assertError(SERVER.postJson("api/v1/chatbots/nobody/config/", ""), 404);
        assertError(SERVER.get("api/v1/chatbots/nobody/prompt/config/"), 404);
        assertError(SERVER.postJson("api/v1/accounts/2718-2818-2845/chatbots/example/config/", ""), 404);
    }

    private static JsonNode config(String path, String body) {
        return assertSuccess(SERVER.postJson(path, body), "chat_config", "ChatConfig");
    }
}
