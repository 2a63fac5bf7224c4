package sh.smarter.prompt.core.access;

import java.util.Locale;
import java.util.Optional;
import sh.smarter.prompt.core.resource.Secret;

/** An API key as presented by a caller. Never printed in clear. */
public record Credential(String token) {
    public Credential {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("empty credential");
        }
    }

    /**
     * Reads an {@code Authorization} header value: {@code Token <key>} or {@code Bearer <key>}. Empty, "null" and
     * "undefined" values (which browser clients send when they have no key) count as no credential.
     */
    public static Optional<Credential> fromAuthorizationHeader(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        if (!scheme.equals("token") && !scheme.equals("bearer")) {
            return Optional.empty();
        }
        String token = value.substring(space + 1).strip();
        if (token.isEmpty() || token.equals("null") || token.equals("undefined") || token.length() > 512) {
            return Optional.empty();
        }
        return Optional.of(new Credential(token));
    }

    @Override
    public String toString() {
        return "Credential[" + Secret.mask(token) + "]";
    }
}
