package sh.smarter.prompt.providers.openai;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.providers.http.HttpExchanges;
import sh.smarter.prompt.providers.secret.SecretResolver;
import sh.smarter.prompt.wire.json.JacksonJson;

/**
 * Everything one call needs, fixed before the first attempt: the HTTP request is built once (body written once)
 * and every retry sends it again. {@code body} is that request's body, for a sender that writes the bytes itself.
 * {@code key} is null without a key; {@link #toString()} shows it masked.
 */
record PreparedCall(String provider, String baseUrl, HttpRequest request, byte[] body, String key, String model,
                    boolean streaming) {
    private static final String USER_AGENT = "smarter-prompt-jvm";
    private static final String LOCAL_SERVER_HINT = "or point the chatbot at a local OpenAI-compatible server"
            + " (a Provider manifest with baseUrl http://localhost:11434/v1/)";

    /**
     * The {@code POST {baseUrl}chat/completions} of a request: its body is {@link ChatRequest#toJson()}, plus
     * {@code "stream": true} and {@code "stream_options": {"include_usage": true}} when streaming. The key is
     * resolved now, at call time.
     *
     * @throws ProviderException CONFIGURATION when a required key is missing, unusable in a header, or the base
     *                           URL is not an http(s) URL
     */
    static PreparedCall of(ProviderSettings provider, ChatRequest request, boolean streaming, SecretResolver secrets,
                           Duration requestTimeout) {
        String name = provider.name();
        String key = secrets.resolve(provider.apiKey()).orElse(null);
        if (key == null && provider.apiKeyRequired()) {
            throw ProviderException.misconfigured(name, "provider " + name + " has no API key: "
                    + SecretResolver.howToProvide(provider.apiKey()) + ", " + LOCAL_SERVER_HINT);
        }
        URI endpoint = endpointOf(provider);
        byte[] bytes;
        if (streaming) {
            bytes = JacksonJson.utf8(request.toJson().toBuilder()
                    .put("stream", true)
                    .put("stream_options", JsonObject.builder().put("include_usage", true).build())
                    .build());
        } else {
            // The body as it is: written once, and the turn's response copies this text.
            bytes = request.bodyText(JacksonJson::utf8);
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint)
                .version(HttpExchanges.versionFor(endpoint))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", streaming ? "text/event-stream" : "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (key != null) {
            try {
                http.header("Authorization", "Bearer " + key);
            } catch (IllegalArgumentException e) {
                throw ProviderException.misconfigured(name, "provider " + name
                        + " has an API key with characters not allowed in an HTTP header");
            }
        }
        return new PreparedCall(name, provider.baseUrl(), http.build(), bytes, key, request.model(), streaming);
    }

    private static URI endpointOf(ProviderSettings provider) {
        try {
            URI base = URI.create(provider.baseUrl());
            String scheme = base.getScheme();
            if (base.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return base.resolve("chat/completions");
        } catch (IllegalArgumentException e) {
            throw ProviderException.misconfigured(provider.name(), "provider " + provider.name()
                    + " has an invalid baseUrl " + provider.baseUrl() + "; expected e.g. https://api.openai.com/v1/");
        }
    }

    String maskedKey() {
        return key == null ? "none" : Secret.mask(key);
    }

    /** The text with the key replaced, for messages that quote what a provider or the network said. */
    String scrub(String text) {
        return SecretResolver.scrub(text, key);
    }

    @Override
    public String toString() {
        return "PreparedCall[provider=" + provider + ", uri=" + request.uri() + ", key=" + maskedKey() + ", model="
                + model + ", streaming=" + streaming + "]";
    }
}
