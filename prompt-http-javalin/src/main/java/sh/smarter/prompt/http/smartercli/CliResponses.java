package sh.smarter.prompt.http.smartercli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Locale;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;

/**
 * What every CLI answer shares: exactly 200 with a JSON object (the Go client treats anything else as failure),
 * the envelope of SPEC 5.1, and the "message" line the original brokers added. Parameters are read from the query
 * string: the client sends them as headers too, but the query is what it built them from.
 */
final class CliResponses {
    private CliResponses() {
    }

    static void ok(Context ctx, Endpoint endpoint, JsonNode data, String message) {
        ObjectNode body = endpoint.envelope(data);
        if (message != null) {
            body.put("message", message);
        }
        HttpRequests.sendJson(ctx, 200, body);
    }

    /** The query parameters, first value each, as the {@code kwargs} the original echoed back. */
    static ObjectNode kwargs(Context ctx) {
        ObjectNode kwargs = HttpJson.object();
        ctx.queryParamMap().forEach((name, values) -> kwargs.put(name, values.isEmpty() ? null : values.get(0)));
        return kwargs;
    }

    static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            throw PromptException.invalid(name + " is required: add ?" + name + "=... to the URL");
        }
        return value.strip();
    }

    /** A true/false flag; absent is {@code false}, anything but true/false is a 400. */
    static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw PromptException.invalid(name + " must be true or false");
        };
    }
}
