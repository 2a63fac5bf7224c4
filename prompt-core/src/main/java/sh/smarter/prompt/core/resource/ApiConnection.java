package sh.smarter.prompt.core.resource;

import java.time.Instant;
import java.util.Objects;

/**
 * An HTTP API that API plugins call. {@code authScheme} is {@code none}, {@code bearer}, {@code basic} (the
 * credential is "user:password") or {@code header} (sent in the header named {@code authHeader}).
 */
public record ApiConnection(long id, long accountId, String name, String baseUrl, String authScheme,
                            String authHeader, Secret credential, int timeoutSeconds, Instant createdAt,
                            Instant updatedAt) {
    public ApiConnection {
        ResourceName.require("connection name", name);
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw sh.smarter.prompt.core.error.PromptException.invalid(
                    "API connection baseUrl must start with http:// or https://");
        }
        authScheme = authScheme == null ? "none" : authScheme;
        if (!java.util.Set.of("none", "bearer", "basic", "header").contains(authScheme)) {
            throw sh.smarter.prompt.core.error.PromptException.invalid(
                    "API connection authScheme must be none, bearer, basic or header");
        }
        credential = credential == null ? Secret.NONE : credential;
        timeoutSeconds = timeoutSeconds <= 0 ? 10 : timeoutSeconds;
        Objects.requireNonNull(createdAt, "createdAt");
        updatedAt = updatedAt == null ? createdAt : updatedAt;
    }

    public ApiConnection withId(long newId) {
        return new ApiConnection(newId, accountId, name, baseUrl, authScheme, authHeader, credential, timeoutSeconds,
                createdAt, updatedAt);
    }
}
