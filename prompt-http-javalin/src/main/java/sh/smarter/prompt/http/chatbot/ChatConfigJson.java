package sh.smarter.prompt.http.chatbot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import sh.smarter.prompt.core.chatconfig.ChatConfig;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.wire.json.JacksonJson;

/**
 * The configuration object (SPEC 5.2) with the legacy key names that {@code @smarter.sh/ui-chat} reads: it needs
 * {@code chatbot}, {@code meta_data} and {@code plugins.meta_data} to exist, {@code app_example_prompts} to be an
 * array and {@code url_chatbot} to be absolute, or it stays at "Configuring workbench...".
 */
public final class ChatConfigJson {
    private ChatConfigJson() {
    }

    /**
     * The same object as a tree that can be walked to its leaves ({@code prompt config -o table} prints one row per
     * field); {@link #of} keeps the provider requests as leaves that are written, not walked.
     */
    public static ObjectNode navigable(ChatConfig config, String urlChatbot) {
        return HttpJson.MAPPER.valueToTree(of(config, urlChatbot));
    }

    /** The {@code data} payload; {@code urlChatbot} is the absolute prompt URL the component posts to next. */
    public static ObjectNode of(ChatConfig config, String urlChatbot) {
        Chatbot bot = config.chatbot();
        ObjectNode data = HttpJson.object()
                .put("session_key", config.session().key().value())
                .put("sandbox_mode", !bot.deployed())
                .put("debug_mode", false);
        data.set("chatbot", chatbot(config, urlChatbot));
        data.set("history", history(config));
        // Nothing of the caller's request (IP, headers, tokens) is echoed here.
        data.putObject("meta_data")
                .put("is_valid", true)
                .put("is_deployed", bot.deployed())
                .put("is_authentication_required", config.authenticationRequired());
        data.set("plugins", plugins(config.plugins()));
        data.set("functions", functions(config.functions()));
        return data;
    }

    private static ObjectNode chatbot(ChatConfig config, String urlChatbot) {
        Chatbot bot = config.chatbot();
        ObjectNode json = HttpJson.object()
                .put("id", bot.id())
                .put("name", bot.name())
                .put("description", bot.description())
                .put("version", bot.version());
        json.putObject("account").put("account_number", config.account().number().value());
        json.put("provider", bot.provider())
                .put("default_model", bot.defaultModel())
                .put("default_system_role", config.systemRole())
                .put("default_temperature", bot.defaultTemperature())
                .put("default_max_tokens", bot.defaultMaxTokens())
                .put("app_name", bot.appName())
                .put("app_assistant", bot.appAssistant())
                .put("app_welcome_message", bot.appWelcomeMessage());
        ArrayNode prompts = json.putArray("app_example_prompts");
        bot.appExamplePrompts().forEach(prompts::add);
        return json.put("app_placeholder", bot.appPlaceholder())
                .put("app_info_url", bot.appInfoUrl())
                .put("app_background_image_url", bot.appBackgroundImageUrl())
                .put("app_logo_url", bot.appLogoUrl())
                .put("app_file_attachment", bot.appFileAttachment())
                .put("deployed", bot.deployed())
                .putNull("subdomain")
                .putNull("custom_domain")
                .put("dns_verification_status", "Not Verified")
                .put("url_chatbot", urlChatbot)
                .put("created_at", ChatbotJson.timestamp(bot.createdAt()))
                .put("updated_at", ChatbotJson.timestamp(bot.updatedAt()));
    }

    private static ObjectNode history(ChatConfig config) {
        ObjectNode history = HttpJson.object();
        history.set("chat", chat(config.session()));
        ArrayNode messages = history.putArray("chat_history");
        for (Message m : config.history()) {
            messages.add(ChatbotJson.message(m, false));
        }
        history.put("has_more", config.hasMore());
        history.set("chat_tool_call_history", toolExecutions(config.toolExecutions()));
        history.set("chat_plugin_usage_history", toolExecutions(config.pluginUsage()));
        history.set("chatbot_request_history", exchanges(config.exchanges()));
        history.set("plugin_selector_history", selections(config.pluginSelections()));
        return history;
    }

    private static ObjectNode chat(Session session) {
        return HttpJson.object()
                .put("id", session.id())
                .put("session_key", session.key().value())
                .put("created_at", ChatbotJson.timestamp(session.createdAt()))
                .put("updated_at", ChatbotJson.timestamp(session.updatedAt()))
                .put("ip_address", session.client().ipAddress())
                .put("user_agent", session.client().userAgent())
                .put("url", session.client().url())
                .put("chatbot", session.chatbotId());
    }

    private static ArrayNode toolExecutions(List<ToolExecution> executions) {
        ArrayNode items = HttpJson.array();
        for (ToolExecution t : executions) {
            ObjectNode item = items.addObject()
                    .put("turn_id", t.turnId())
                    .put("tool_call_id", t.toolCallId())
                    .put("function_name", t.functionName());
            item.set("function_args", ChatbotJson.jsonOrText(t.arguments()));
            item.set("response", ChatbotJson.jsonOrText(t.result()));
            item.put("plugin", t.pluginName())
                    .put("duration_ms", t.durationMillis())
                    .put("created_at", ChatbotJson.timestamp(t.createdAt()));
        }
        return items;
    }

    private static ArrayNode exchanges(List<ProviderExchange> exchanges) {
        ArrayNode items = HttpJson.array();
        for (ProviderExchange e : exchanges) {
            ObjectNode item = items.addObject()
                    .put("turn_id", e.turnId())
                    .put("iteration", e.round())
                    .put("provider", e.provider())
                    .put("model", e.model());
            // Written straight from the rebuilt exchange when the answer is written, never copied into a tree.
            item.set("request", JacksonJson.written(e.request()));
            item.set("response", e.response() == null ? null : JacksonJson.written(e.response()));
            item.putObject("usage")
                    .put("prompt_tokens", e.usage().promptTokens())
                    .put("completion_tokens", e.usage().completionTokens())
                    .put("total_tokens", e.usage().totalTokens());
            item.put("latency_ms", e.latencyMillis())
                    .put("error", e.error())
                    .put("created_at", ChatbotJson.timestamp(e.createdAt()));
        }
        return items;
    }

    private static ArrayNode selections(List<PluginSelection> selections) {
        ArrayNode items = HttpJson.array();
        for (PluginSelection s : selections) {
            items.addObject()
                    .put("turn_id", s.turnId())
                    .put("plugin", s.pluginName())
                    .put("plugin_id", s.pluginId())
                    .put("input_text", s.inputText())
                    .put("reason", s.reason())
                    .put("created_at", ChatbotJson.timestamp(s.createdAt()));
        }
        return items;
    }

    private static ObjectNode plugins(List<Plugin> plugins) {
        ObjectNode json = HttpJson.object();
        json.putObject("meta_data")
                .put("total_plugins", plugins.size())
                .put("plugins_returned", plugins.size());
        ArrayNode items = json.putArray("plugins");
        for (Plugin plugin : plugins) {
            ObjectNode item = ChatbotJson.pluginSummary(plugin).put("id", plugin.id());
            item.set("selector", selector(plugin.selector()));
            item.put("created_at", ChatbotJson.timestamp(plugin.createdAt()))
                    .put("updated_at", ChatbotJson.timestamp(plugin.updatedAt()));
            items.add(item);
        }
        return json;
    }

    private static ObjectNode selector(PluginSelector selector) {
        if (selector instanceof PluginSelector.SearchTerms terms) {
            ObjectNode json = HttpJson.object().put("directive", "search_terms");
            terms.terms().forEach(json.putArray("searchTerms")::add);
            return json;
        }
        return HttpJson.object().put("directive", "always");
    }

    private static ObjectNode functions(List<String> functions) {
        ObjectNode json = HttpJson.object();
        json.putObject("meta_data")
                .put("total_functions", functions.size())
                .put("functions_returned", functions.size());
        ArrayNode items = json.putArray("functions");
        functions.forEach(name -> items.addObject().put("name", name));
        return json;
    }
}
