package sh.smarter.prompt.core.session;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import sh.smarter.prompt.core.error.PromptException;

/**
 * The opaque key of one conversation: 64 lowercase hexadecimal characters made from 32 random bytes. Whoever holds
 * it can continue that conversation, so it is only ever minted here, never taken from a client.
 */
public record SessionKey(String value) {
    public static final int LENGTH = 64;
    private static final HexFormat HEX = HexFormat.of();

    public SessionKey {
        Objects.requireNonNull(value, "value");
        if (!isCanonical(value)) {
            throw PromptException.invalid("a session key must be 64 lowercase hexadecimal characters");
        }
    }

    public static SessionKey random(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new SessionKey(HEX.formatHex(bytes));
    }

    /**
     * Reads a key as clients send it: surrounding whitespace and one trailing '/' are ignored and upper case is
     * accepted. Anything else that is not 64 hex characters is rejected with a clear error.
     */
    public static SessionKey parse(String text) {
        if (text == null) {
            throw PromptException.invalid("session_key is missing");
        }
        String s = text.strip();
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        s = s.toLowerCase(java.util.Locale.ROOT);
        if (!isCanonical(s)) {
            throw PromptException.invalid("session_key is malformed: expected 64 hexadecimal characters, got "
                    + describe(text));
        }
        return new SessionKey(s);
    }

    /** True when the text is blank or absent, which counts as "no key" rather than a malformed one. */
    public static boolean isAbsent(String text) {
        return text == null || text.strip().isEmpty() || text.strip().equals("/");
    }

    private static boolean isCanonical(String s) {
        if (s.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(String text) {
        // Never echo arbitrary client text back at length.
        return text.length() + " characters";
    }

    /** A short form for logs. */
    public String abbreviated() {
        return value.substring(0, 8) + "…";
    }

    @Override
    public String toString() {
        return value;
    }
}
