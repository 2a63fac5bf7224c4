package sh.smarter.prompt.core.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import sh.smarter.prompt.core.error.PromptException;

/**
 * The position after the last session of a page: its update time and id. Encoded opaquely so clients do not
 * build cursors of their own. Every session store uses this same encoding.
 */
public record SessionCursor(Instant updatedAt, long sessionId) {
    public String encode() {
        String raw = updatedAt.getEpochSecond() + ":" + updatedAt.getNano() + ":" + sessionId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    public static SessionCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            String[] parts = raw.split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException();
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            return new SessionCursor(at, Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw PromptException.invalid("cursor is not one this server issued");
        }
    }

    public static SessionCursor after(Session session) {
        return new SessionCursor(session.updatedAt(), session.id());
    }
}
