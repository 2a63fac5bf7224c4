package sh.smarter.prompt.core.resource;

import java.time.Instant;
import java.util.Objects;

/**
 * Owns chatbots, plugins, connections, providers and API keys. {@code id} is 0 until stored. {@code
 * dailyTokenBudget} (null: none) caps the tokens all its chatbots together may be charged per UTC day.
 */
public record Account(long id, AccountNumber number, String displayName, Instant createdAt, Long dailyTokenBudget) {
    public Account {
        Objects.requireNonNull(number, "number");
        displayName = displayName == null || displayName.isBlank() ? number.value() : displayName;
        Objects.requireNonNull(createdAt, "createdAt");
        Chatbot.checkDailyTokenBudget("dailyTokenBudget", dailyTokenBudget);
    }

    /** An account without a daily token budget. */
    public Account(long id, AccountNumber number, String displayName, Instant createdAt) {
        this(id, number, displayName, createdAt, null);
    }

    public Account withId(long newId) {
        return new Account(newId, number, displayName, createdAt, dailyTokenBudget);
    }

    public Account withDailyTokenBudget(Long budget) {
        return new Account(id, number, displayName, createdAt, budget);
    }
}
