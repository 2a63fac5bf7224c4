package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.HttpSettings;

/**
 * The throughput ceiling: the same Javalin, configured as the product's server is (virtual threads where the JVM has
 * them, the 1 MB body limit, JSON by default), with one endpoint at the prompt's path that parses the request body
 * and answers a prompt response recorded from the real server, through the product's own JSON helpers. Everything
 * a turn costs beyond this is the product's.
 *
 * <p>Run as its own JVM by {@link ThroughputPart}: {@code BareJavalinEndpoint <recorded-response.json>}.
 */
public final class BareJavalinEndpoint {
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
            config.routes.post("/api/v1/chatbots/{name}/prompt/", ctx -> answer(ctx, recordedResponse));
        });
        app.start("127.0.0.1", 0);
        System.out.println("Bare Javalin endpoint is serving http://127.0.0.1:" + app.port() + "/");
    }

    private static void answer(Context ctx, JsonNode recordedResponse) {
        ObjectNode request = HttpRequests.jsonBody(ctx);
        if (!request.path("messages").isArray()) {
            throw new IllegalArgumentException("no messages");
        }
        HttpRequests.sendJson(ctx, 200, recordedResponse);
    }
}
