package sh.smarter.prompt.core.session;

import java.time.Instant;
import java.util.Objects;

public record NewSession(SessionKey key, long chatbotId, ClientInfo client, Instant createdAt) {
    public NewSession {
        Objects.requireNonNull(key, "key");
        client = client == null ? ClientInfo.UNKNOWN : client;
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
