package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.providers.http.PlainHttp1Client;

/**
 * The throughput ceiling: the same Javalin, configured as the product's server is (virtual threads where the JVM has
 * them, the 1 MB body limit, JSON by default), with one endpoint at the prompt's path that parses the request body
 * and answers a prompt response recorded from the real server, through the product's own JSON helpers. Everything
 * a turn costs beyond this is the product's.
 *
 * <p>Given a provider URL too, it is the overhead floor instead: a relay that sends the prompt's last message to
 * that provider with the product's own client for plain-http providers ({@link PlainHttp1Client}, on the request's
 * thread), reads and parses the answer, then answers as above. It stores nothing and builds no context: what a turn
 * waits for beyond the provider on this platform (Javalin, two loopback HTTP exchanges, a thread woken by the
 * provider's answer).
 *
 * <p>Run as its own JVM: {@code BareJavalinEndpoint <recorded-response.json> [provider-base-url]}, by
 * {@link ThroughputPart} without the provider and by {@link OverheadPart} with it.
 */
public final class BareJavalinEndpoint {
    private static final long MAX_ANSWER_BYTES = 1 << 20;

    private BareJavalinEndpoint() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode recordedResponse = HttpJson.MAPPER.readTree(Files.readString(Path.of(args[0]),
                StandardCharsets.UTF_8));
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = HttpSettings.DEFAULT_MAX_REQUEST_BYTES;
            config.http.defaultContentType = "application/json";
            if (args.length > 1) {
                URI completions = URI.create(args[1]).resolve("chat/completions");
                PlainHttp1Client provider = new PlainHttp1Client(Duration.ofSeconds(5), Duration.ofSeconds(4));
                config.routes.post("/api/v1/chatbots/{name}/prompt/",
                        ctx -> relay(ctx, provider, completions, recordedResponse));
            } else {
                config.routes.post("/api/v1/chatbots/{name}/prompt/", ctx -> answer(ctx, recordedResponse));
            }
        });
        app.start("127.0.0.1", 0);
        System.out.println("Bare Javalin endpoint is serving http://127.0.0.1:" + app.port() + "/");
    }

    /** {@code recordedResponse} in a file of {@code folder}, for the endpoint's first argument. */
    static Path payloadFile(String recordedResponse, Path folder) {
        Path payload = folder.resolve("ceiling-response.json");
        try {
            Files.writeString(payload, recordedResponse, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return payload;
    }

    /** Session keys for the endpoint, which keeps no sessions: any well-formed key will do. */
    static List<String> sessionKeys(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(String.format("%064x", i));
        }
        return keys;
    }

    private static void relay(Context ctx, PlainHttp1Client provider, URI completions, JsonNode recordedResponse)
            throws IOException {
        JsonNode messages = HttpRequests.jsonBody(ctx).path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException("no messages");
        }
        ObjectNode call = HttpJson.object().put("model", "bench");
        call.putArray("messages").addObject().put("role", "user")
                .put("content", messages.get(messages.size() - 1).path("content").asText());
        PlainHttp1Client.Answer answer = provider.post(completions,
                Map.of("Content-Type", List.of("application/json")), HttpJson.writeBytes(call), MAX_ANSWER_BYTES,
                Duration.ofSeconds(30));
        if (answer.status() != 200 || !HttpJson.MAPPER.readTree(answer.body()).has("choices")) {
            throw new IllegalStateException("the provider answered " + answer.status());
        }
        HttpRequests.sendJson(ctx, 200, recordedResponse);
    }

    private static void answer(Context ctx, JsonNode recordedResponse) {
        ObjectNode request = HttpRequests.jsonBody(ctx);
        if (!request.path("messages").isArray()) {
            throw new IllegalArgumentException("no messages");
        }
        HttpRequests.sendJson(ctx, 200, recordedResponse);
    }
}
