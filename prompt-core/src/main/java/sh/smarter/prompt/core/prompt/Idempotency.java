package sh.smarter.prompt.core.prompt;

import java.util.Objects;
import sh.smarter.prompt.core.session.IdempotencyKey;

/**
 * A prompt sent with an idempotency key: retries with the same key and the same request run the turn once.
 *
 * @param requestHash what makes two requests "the same" for the adapter that received them (for HTTP: the
 *                    endpoint, the caller and the body); a retry whose hash differs is refused
 */
public record Idempotency(IdempotencyKey key, String requestHash) {
    public Idempotency {
        Objects.requireNonNull(key, "key");
        if (requestHash == null || requestHash.isBlank() || requestHash.length() > 64) {
            throw new IllegalArgumentException("a request hash is 1 to 64 characters");
        }
    }
}
