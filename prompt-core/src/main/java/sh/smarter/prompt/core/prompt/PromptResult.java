package sh.smarter.prompt.core.prompt;

import java.util.List;
import java.util.Optional;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Session;

/**
 * The outcome of a prompt turn, stored already. {@code finalCompletion} is empty when the provider failed before
 * answering; {@code failure} then says why (the turn still holds the user's message and a smarter_error line).
 *
 * @param messages every message this turn created, in order, with its {@code seq} (the client's intro messages
 *                 that seeded a new session are not repeated here)
 */
public record PromptResult(Chatbot chatbot, Session session, String turnId, Optional<ChatCompletion> finalCompletion,
                           List<ProviderExchange> exchanges, List<ToolCallSummary> toolCalls, String model,
                           double temperature, int maxCompletionTokens, String inputText, List<String> pluginNames,
                           List<String> toolNames, List<Message> messages, Optional<PromptException> failure) {
    public PromptResult {
        exchanges = List.copyOf(exchanges);
        toolCalls = List.copyOf(toolCalls);
        pluginNames = List.copyOf(pluginNames);
        toolNames = List.copyOf(toolNames);
        messages = List.copyOf(messages);
    }

    public boolean failed() {
        return failure.isPresent();
    }

    /** The assistant's final answer text, if there is one. */
    public Optional<String> answer() {
        return finalCompletion.map(ChatCompletion::content).filter(c -> !c.isEmpty());
    }

    /** A tool call as reported in the response metadata: the function, its parsed arguments and its plugin. */
    public record ToolCallSummary(String functionName, Json arguments, Plugin plugin) {
    }
}
