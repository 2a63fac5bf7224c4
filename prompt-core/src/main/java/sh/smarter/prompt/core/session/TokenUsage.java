package sh.smarter.prompt.core.session;

/** Tokens charged by a provider; zero when the provider does not report usage. */
public record TokenUsage(long promptTokens, long completionTokens, long totalTokens) {
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0 || totalTokens < 0) {
            throw new IllegalArgumentException("token counts are never negative");
        }
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                totalTokens + other.totalTokens);
    }
}
