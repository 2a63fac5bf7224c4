package sh.smarter.prompt.core.resource;

import java.time.Instant;
import java.util.Objects;

/**
 * An API key of an account. Only its SHA-256 hash is kept; the clear key is shown once, when it is created.
 * {@code hint} is the masked form ("****" + last four) so a person can tell keys apart; {@code scope} says what
 * the key may do in its account.
 */
public record ApiKey(long id, long accountId, String name, String hash, String hint, Instant createdAt,
                     Instant revokedAt, KeyScope scope) {
    public ApiKey {
        Objects.requireNonNull(hash, "hash");
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("hash must be 64 lowercase hex characters");
        }
        name = name == null || name.isBlank() ? "default" : name;
        hint = hint == null ? "****" : hint;
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(scope, "scope");
    }

    /** A key without a stated scope is an {@code admin} key, as every key was before scopes existed. */
    public ApiKey(long id, long accountId, String name, String hash, String hint, Instant createdAt,
                  Instant revokedAt) {
        this(id, accountId, name, hash, hint, createdAt, revokedAt, KeyScope.ADMIN);
    }

    public boolean isActive() {
        return revokedAt == null;
    }

    public ApiKey withId(long newId) {
        return new ApiKey(newId, accountId, name, hash, hint, createdAt, revokedAt, scope);
    }

    public ApiKey revokedAt(Instant at) {
        return new ApiKey(id, accountId, name, hash, hint, createdAt, at, scope);
    }
}
