package sh.smarter.prompt.core.chatconfig;

import java.util.List;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.ToolExecution;

/**
 * What the chat component needs when a page opens: the chatbot, the session to continue and its recent history.
 * The HTTP adapter serialises it with the legacy key names.
 *
 * @param systemRole     the chatbot's system role with the current date line, once
 * @param history        the newest messages of the session (all roles), oldest first
 * @param hasMore        true when older messages exist than those in {@code history}
 * @param toolExecutions newest first; {@code pluginUsage} is the subset that ran plugins
 */
public record ChatConfig(Chatbot chatbot, Account account, String systemRole, Session session, boolean newSession,
                         List<Message> history, boolean hasMore, List<ToolExecution> toolExecutions,
                         List<ToolExecution> pluginUsage, List<ProviderExchange> exchanges,
                         List<PluginSelection> pluginSelections, List<Plugin> plugins, List<String> functions,
                         boolean authenticationRequired) {
    public ChatConfig {
        history = List.copyOf(history);
        toolExecutions = List.copyOf(toolExecutions);
        pluginUsage = List.copyOf(pluginUsage);
        exchanges = List.copyOf(exchanges);
        pluginSelections = List.copyOf(pluginSelections);
        plugins = List.copyOf(plugins);
        functions = List.copyOf(functions);
    }
}
