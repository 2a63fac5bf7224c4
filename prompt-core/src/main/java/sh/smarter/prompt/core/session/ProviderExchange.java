package sh.smarter.prompt.core.session;

import java.time.Instant;
import java.util.Objects;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.Utf8Json;

/**
 * One request to the LLM provider and its answer, as recorded for the turn. The request copy never holds an API
 * key. {@code response} is null and {@code error} set when the provider failed.
 *
 * <p>{@code requestText} is the request's text as the adapter sent it, for the turn's own response (null in what a
 * store keeps, and when the adapter sent something else, such as a streamed call): it is {@code request} written, so
 * equality ignores it.
 */
public record ProviderExchange(String turnId, int round, String provider, String model, JsonObject request,
                               JsonObject response, TokenUsage usage, long latencyMillis, String error,
                               Instant createdAt, Utf8Json requestText) {
    public ProviderExchange {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(request, "request");
        usage = usage == null ? TokenUsage.NONE : usage;
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public ProviderExchange(String turnId, int round, String provider, String model, JsonObject request,
                            JsonObject response, TokenUsage usage, long latencyMillis, String error,
                            Instant createdAt) {
        this(turnId, round, provider, model, request, response, usage, latencyMillis, error, createdAt, null);
    }

    /** This exchange without its text, as a store keeps it. */
    public ProviderExchange withoutRequestText() {
        return requestText == null ? this : new ProviderExchange(turnId, round, provider, model, request, response,
                usage, latencyMillis, error, createdAt);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProviderExchange that && round == that.round && latencyMillis == that.latencyMillis
                && turnId.equals(that.turnId) && Objects.equals(provider, that.provider)
                && Objects.equals(model, that.model) && request.equals(that.request)
                && Objects.equals(response, that.response) && usage.equals(that.usage)
                && Objects.equals(error, that.error) && createdAt.equals(that.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(turnId, round, provider, model, request, response, usage, latencyMillis, error,
                createdAt);
    }

    @Override
    public String toString() {
        return "ProviderExchange[turnId=" + turnId + ", round=" + round + ", provider=" + provider + ", model="
                + model + ", request=" + request + ", response=" + response + ", usage=" + usage + ", latencyMillis="
                + latencyMillis + ", error=" + error + ", createdAt=" + createdAt + "]";
    }
}
