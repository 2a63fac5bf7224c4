package sh.smarter.prompt.http.smartercli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sh.smarter.prompt.core.error.PromptException;

class CliKindTest {

    @ParameterizedTest
    @CsvSource({
        "chat, Chat", "chats, Chat", "Prompt, Chat", "prompts, Chat",
        "chathistory, ChatHistory", "ChatHistories, ChatHistory", "prompt_history, ChatHistory",
        "chattoolcall, ChatToolCall", "chat-tool-calls, ChatToolCall",
        "chatpluginusage, ChatPluginUsage", "promptpluginusages, ChatPluginUsage",
        "chatbot, Chatbot", "Chatbots, Chatbot", "llmclient, Chatbot", "LLMClients, Chatbot",
        "plugin, Plugin", "sqlplugins, SqlPlugin", "ApiPlugin, ApiPlugin", "sqlconnection, SqlConnection",
        "providers, Provider", "account, Account",
        "smarterauthtoken, SmarterAuthToken", "SmarterAuthTokens, SmarterAuthToken", "apikeys, SmarterAuthToken",
        "plugindatasqlconnection, SqlConnection", "plugindatasqlconnections, SqlConnection",
        "PluginDataApiConnection, ApiConnection", "plugindataapiconnections, ApiConnection"
    })
    void kinds_are_read_as_the_client_writes_them(String text, String thing) {
        assertThat(CliKind.parse(text).thing()).isEqualTo(thing);
    }

    @Test
    void session_views_are_not_manifest_kinds() {
        assertThat(CliKind.parse("chat").isSessionView()).isTrue();
        assertThat(CliKind.parse("chatbot").isSessionView()).isFalse();
        assertThatThrownBy(() -> CliKind.parse("chat").requireResource("describe"))
                .isInstanceOf(PromptException.class).hasMessageContaining("describe");
    }

    @ParameterizedTest
    @CsvSource({"user, user accounts", "users, user accounts", "secret, apiKeyEnv", "Secrets, apiKeyEnv"})
    void kinds_this_product_does_not_have_say_what_to_use_instead(String text, String hint) {
        assertThatThrownBy(() -> CliKind.parse(text)).isInstanceOf(PromptException.class)
                .hasMessageContaining(hint);
    }

    @ParameterizedTest
    @CsvSource({"unicorn", "s", "''", "chatter"})
    void unknown_kinds_are_invalid_input(String text) {
        assertThatThrownBy(() -> CliKind.parse(text)).isInstanceOf(PromptException.class)
                .hasMessageContaining("unknown kind");
    }
}
