package sh.smarter.prompt.core.session;

import sh.smarter.prompt.core.error.PromptException;

/**
 * A client's name for one request, sent again with every retry of it ({@code Idempotency-Key}): up to 255 visible
 * ASCII characters, usually a random UUID. Only the same key makes a retry; it is kept 24 hours.
 */
public record IdempotencyKey(String value) {
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw PromptException.invalid("Idempotency-Key must be 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw PromptException.invalid("Idempotency-Key may hold only visible ASCII characters"
                        + " (letters, digits, punctuation; no spaces), for example a UUID");
            }
        }
    }

    @Override
    public String toString() {
        // Keys are not secrets, but long ones make log lines unreadable.
        return value.length() <= 12 ? value : value.substring(0, 12) + "…";
    }
}
