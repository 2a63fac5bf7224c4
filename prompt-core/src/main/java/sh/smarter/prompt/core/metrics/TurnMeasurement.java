package sh.smarter.prompt.core.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One finished turn, as measured.
 *
 * @param chatbot          the chatbot's name; empty when the turn was refused before its chatbot was known
 * @param session          the session key abbreviated (never the whole key); empty when there was none
 * @param total            from accepting the prompt to the answer being stored (or the refusal)
 * @param provider         the part of {@code total} spent waiting for the provider, all rounds together
 * @param providerRounds   provider calls the turn made
 * @param tools            the tools the model called, in order
 */
public record TurnMeasurement(String chatbot, String session, TurnOutcome outcome, Duration total, Duration provider,
                              int providerRounds, long promptTokens, long completionTokens, List<ToolUse> tools,
                              boolean streamed) {
    public TurnMeasurement {
        chatbot = Objects.requireNonNullElse(chatbot, "");
        session = Objects.requireNonNullElse(session, "");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(total, "total");
        provider = Objects.requireNonNullElse(provider, Duration.ZERO);
        tools = List.copyOf(tools);
    }

    /** The turn's own time: {@code total} less the provider's share, never negative. */
    public Duration server() {
        Duration server = total.minus(provider);
        return server.isNegative() ? Duration.ZERO : server;
    }

    /**
     * A tool call: the function name the model used and, for a plugin, the plugin's name (empty for built-ins).
     */
    public record ToolUse(String function, String plugin) {
        public ToolUse {
            Objects.requireNonNull(function, "function");
            plugin = Objects.requireNonNullElse(plugin, "");
        }
    }
}
