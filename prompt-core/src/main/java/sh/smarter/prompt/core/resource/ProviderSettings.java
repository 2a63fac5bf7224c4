package sh.smarter.prompt.core.resource;

import java.time.Instant;
import java.util.Objects;

/**
 * An OpenAI-compatible provider: where to send chat completions and with which key. {@code accountId} is 0 for
 * the built-in presets, which every account sees.
 */
public record ProviderSettings(long id, long accountId, String name, String baseUrl, Secret apiKey,
                               String defaultModel, boolean apiKeyRequired, Instant createdAt, Instant updatedAt) {
    public ProviderSettings {
        ResourceName.require("provider name", name);
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!baseUrl.endsWith("/")) {
            baseUrl = baseUrl + "/";
        }
        apiKey = apiKey == null ? Secret.NONE : apiKey;
        Objects.requireNonNull(createdAt, "createdAt");
        updatedAt = updatedAt == null ? createdAt : updatedAt;
    }

    public ProviderSettings withId(long newId) {
        return new ProviderSettings(newId, accountId, name, baseUrl, apiKey, defaultModel, apiKeyRequired, createdAt,
                updatedAt);
    }
}
