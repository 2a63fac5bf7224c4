package sh.smarter.prompt.core.session;

import java.time.Instant;
import java.util.Objects;
import sh.smarter.prompt.core.json.JsonObject;

/**
 * One request to the LLM provider and its answer, as recorded for the turn. The request copy never holds an API
 * key. {@code response} is null and {@code error} set when the provider failed.
 */
public record ProviderExchange(String turnId, int round, String provider, String model, JsonObject request,
                               JsonObject response, TokenUsage usage, long latencyMillis, String error,
                               Instant createdAt) {
    public ProviderExchange {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(request, "request");
        usage = usage == null ? TokenUsage.NONE : usage;
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
