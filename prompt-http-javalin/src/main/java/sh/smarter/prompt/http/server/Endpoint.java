package sh.smarter.prompt.http.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code command} and {@code thing} an endpoint reports in its envelope (SPEC 5.1), kept on the request so
 * the error handler can answer in the endpoint's own terms.
 */
public record Endpoint(String command, String thing) {
    public static final String API_VERSION = "smarter.sh/v1";
    public static final Endpoint UNKNOWN = new Endpoint("unknown", "Unknown");
    static final String ATTRIBUTE = "smarter.endpoint";

    public ObjectNode metadata() {
        return HttpJson.object().put("command", command).put("thing", thing);
    }

    /** Wraps a payload as {@code {"data": ..., "api": ..., "metadata": {...}}}. */
    public ObjectNode envelope(com.fasterxml.jackson.databind.JsonNode data) {
        ObjectNode body = HttpJson.object();
        body.set("data", data);
        body.put("api", API_VERSION);
        body.set("metadata", metadata());
        return body;
    }
}
