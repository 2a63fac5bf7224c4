package sh.smarter.prompt.http.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.chatconfig.ChatConfigQuery;
import sh.smarter.prompt.core.prompt.IncomingMessage;
import sh.smarter.prompt.core.prompt.PromptCommand;
import sh.smarter.prompt.core.prompt.SessionChoice;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.http.server.HttpJson;

class ChatConfigJsonTest {
    private static final String URL = "http://localhost:9357/api/v1/chatbots/example/prompt/";
    private final ChatbotFixture fixture = new ChatbotFixture();

    @Test
    void a_new_session_has_every_key_the_component_reads() {
        ObjectNode data = config(null);

        assertThat(names(data)).containsExactly("session_key", "sandbox_mode", "debug_mode", "chatbot", "history",
                "meta_data", "plugins", "functions");
        assertThat(names(data.get("chatbot"))).containsExactly("id", "name", "description", "version", "account",
                "provider", "default_model", "default_system_role", "default_temperature", "default_max_tokens",
                "app_name", "app_assistant", "app_welcome_message", "app_example_prompts", "app_placeholder",
                "app_info_url", "app_background_image_url", "app_logo_url", "app_file_attachment", "deployed",
                "subdomain", "custom_domain", "dns_verification_status", "url_chatbot", "created_at", "updated_at");
        assertThat(names(data.get("history"))).containsExactly("chat", "chat_history", "has_more",
                "chat_tool_call_history", "chat_plugin_usage_history", "chatbot_request_history",
                "plugin_selector_history");
        assertThat(names(data.get("history").get("chat"))).containsExactly("id", "session_key", "created_at",
                "updated_at", "ip_address", "user_agent", "url", "chatbot");
        assertThat(names(data.get("meta_data")))
                .containsExactly("is_valid", "is_deployed", "is_authentication_required");
        assertThat(data.at("/plugins/meta_data").toString()).isEqualTo("{\"total_plugins\":1,\"plugins_returned\":1}");
        assertThat(data.at("/plugins/plugins/0/name").asText()).isEqualTo("faq");
        assertThat(data.at("/functions").toString()).isEqualTo("{\"meta_data\":{\"total_functions\":1,"
                + "\"functions_returned\":1},\"functions\":[{\"name\":\"calculator\"}]}");
        assertThat(data.at("/history/chat_history").size()).isZero();
    }

    @Test
    void writes_the_chatbots_values_verbatim() {
        JsonNode chatbot = config(null).get("chatbot");

        List<String> prompts = new ArrayList<>();
        chatbot.get("app_example_prompts").forEach(p -> prompts.add(p.textValue()));
        assertThat(prompts).isEqualTo(ChatbotFixture.EXAMPLE_PROMPTS);
        assertThat(chatbot.get("url_chatbot").asText()).isEqualTo(URL);
        assertThat(chatbot.get("account").toString()).isEqualTo("{\"account_number\":\"1111-2222-3333\"}");
        assertThat(chatbot.get("created_at").asText()).isEqualTo("2026-11-26T07:00:00.123456Z");
        assertThat(chatbot.get("dns_verification_status").asText()).isEqualTo("Not Verified");
        assertThat(chatbot.get("subdomain").isNull()).isTrue();
        assertThat(chatbot.get("default_temperature").doubleValue()).isEqualTo(0.5);
        String role = chatbot.get("default_system_role").asText();
        assertThat(role).startsWith("The current date/time is ").endsWith("\nYou are a helpful assistant.");
        assertThat(role.split("The current date/time is ", -1)).hasSize(2);
    }

    @Test
    void restores_the_stored_conversation_escaped_and_in_order() {
        SessionKey key = fixture.engine.prompts().handle(new PromptCommand(ChatbotRef.named("example"),
                SessionChoice.NEW, List.of(new IncomingMessage("user", "What are your hours <today>?")), null,
                ClientInfo.UNKNOWN, null)).session().key();

        ObjectNode data = config(key);

        assertThat(data.get("session_key").asText()).isEqualTo(key.value());
        List<String> roles = new ArrayList<>();
        data.at("/history/chat_history").forEach(m -> roles.add(m.get("role").asText()));
        assertThat(roles).startsWith("system", "user").contains("assistant", "smarter");
        JsonNode user = data.at("/history/chat_history/1");
        assertThat(user.get("content").asText()).isEqualTo("What are your hours &lt;today&gt;?");
        assertThat(user.get("smarter_is_new").booleanValue()).isFalse();
        assertThat(data.at("/history/plugin_selector_history/0/plugin").asText()).isEqualTo("faq");
        assertThat(data.at("/history/chatbot_request_history/0/request/model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(data.at("/history/has_more").booleanValue()).isFalse();
    }

    /** The configuration object as a client reads it: written, then parsed. */
    private ObjectNode config(SessionKey key) {
        try {
            return (ObjectNode) HttpJson.MAPPER.readTree(HttpJson.writeBytes(ChatConfigJson.of(
                    fixture.engine.chatConfigs().chatConfig(new ChatConfigQuery(ChatbotRef.named("example"), key,
                            ClientInfo.UNKNOWN, null)), URL)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
