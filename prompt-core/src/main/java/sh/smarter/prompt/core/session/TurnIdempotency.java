package sh.smarter.prompt.core.session;

import java.util.Objects;

/**
 * The idempotency key a turn was run under. The store marks the key done in the same transaction that appends the
 * turn, so the key says "stored" exactly when the turn is; {@code outcome} is kept with it for replays (what the
 * stored rows do not say, such as why the provider failed).
 */
public record TurnIdempotency(IdempotencyKey key, String outcome) {
    public TurnIdempotency {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
    }
}
