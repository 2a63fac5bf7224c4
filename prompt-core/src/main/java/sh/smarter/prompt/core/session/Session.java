package sh.smarter.prompt.core.session;

import java.time.Instant;
import java.util.Objects;

/** One conversation of one device with one chatbot. {@code lastSeq} is 0 until the first turn is stored. */
public record Session(long id, SessionKey key, long chatbotId, ClientInfo client, String title,
                      Instant createdAt, Instant updatedAt, long lastSeq) {
    public Session {
        Objects.requireNonNull(key, "key");
        client = client == null ? ClientInfo.UNKNOWN : client;
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public boolean isEmpty() {
        return lastSeq == 0;
    }
}
