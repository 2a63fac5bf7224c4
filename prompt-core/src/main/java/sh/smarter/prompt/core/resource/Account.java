package sh.smarter.prompt.core.resource;

import java.time.Instant;
import java.util.Objects;

/** Owns chatbots, plugins, connections, providers and API keys. {@code id} is 0 until stored. */
public record Account(long id, AccountNumber number, String displayName, Instant createdAt) {
    public Account {
        Objects.requireNonNull(number, "number");
        displayName = displayName == null || displayName.isBlank() ? number.value() : displayName;
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public Account withId(long newId) {
        return new Account(newId, number, displayName, createdAt);
    }
}
