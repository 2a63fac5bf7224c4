package sh.smarter.prompt.core.prompt;

/**
 * Tunables of the prompt turn.
 *
 * @param maxToolRounds      rounds of tool execution per turn before the turn is stopped (default 5)
 * @param contextMaxMessages most recent model-visible messages sent as context, besides the system message
 * @param contextMaxTokens   estimated token budget of that context (about four characters a token)
 * @param historyLimit       messages and records returned in a configuration object (default 200)
 */
public record PromptSettings(int maxToolRounds, int contextMaxMessages, int contextMaxTokens, int historyLimit) {
    public static final PromptSettings DEFAULTS = new PromptSettings(5, 50, 16_000, 200);

    public PromptSettings {
        if (maxToolRounds < 0 || contextMaxMessages < 1 || contextMaxTokens < 1 || historyLimit < 1) {
            throw new IllegalArgumentException("prompt settings must be positive");
        }
    }
}
