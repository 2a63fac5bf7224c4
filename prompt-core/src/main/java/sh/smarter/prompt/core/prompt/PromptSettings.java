package sh.smarter.prompt.core.prompt;

/**
 * Tunables of the prompt turn.
 *
 * @param maxToolRounds      rounds of tool execution per turn before the turn is stopped (default 5)
 * @param contextMaxMessages most recent model-visible messages sent as context, besides the system message
 * @param contextMaxTokens   estimated token budget of that context (about four characters a token)
 * @param historyLimit       messages, tool calls and plugin selections returned in a configuration object
 *                           (default 200)
 * @param requestHistoryLimit provider requests returned in a configuration object (default 10): each holds a whole
 *                           context window, so 200 of them would make the object megabytes large
 */
public record PromptSettings(int maxToolRounds, int contextMaxMessages, int contextMaxTokens, int historyLimit,
                             int requestHistoryLimit) {
    public static final PromptSettings DEFAULTS = new PromptSettings(5, 50, 16_000, 200, 10);

    public PromptSettings {
        if (maxToolRounds < 0 || contextMaxMessages < 1 || contextMaxTokens < 1 || historyLimit < 1
                || requestHistoryLimit < 1) {
            throw new IllegalArgumentException("prompt settings must be positive");
        }
    }
}
