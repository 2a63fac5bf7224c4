package sh.smarter.prompt.tests.fake;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;

/**
 * One HTTP request the fake server received, in arrival order.
 *
 * @param headers        request headers; look them up with {@link #header(String)} (case-insensitive)
 * @param bodyText       the body exactly as received (UTF-8)
 * @param body           the body as JSON, or null when it was not a JSON object
 * @param receivedAtNanos {@link System#nanoTime()} on arrival, to measure gaps between retries
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
                              String bodyText, JsonObject body, long receivedAtNanos) {
    public RecordedRequest {
        TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> caseInsensitive.put(name, List.copyOf(values)));
        headers = java.util.Collections.unmodifiableMap(caseInsensitive);
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Whether the body asked for a streamed answer ({@code "stream": true}). */
    public boolean isStreaming() {
        return body != null && body.bool("stream").orElse(false);
    }

    public String model() {
        return body == null ? null : body.string("model").orElse(null);
    }

    /** The {@code messages} array of a chat-completions body (empty when there is none). */
    public JsonArray messages() {
        return body == null ? JsonArray.EMPTY : body.array("messages").orElse(JsonArray.EMPTY);
    }

    /** The content of the last message with this role, if any. */
    public Optional<String> lastMessageContent(String role) {
        JsonArray messages = messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof JsonObject m && m.string("role").orElse("").equals(role)) {
                Json content = m.get("content");
                return content.isNull() ? Optional.empty() : Optional.of(content.asText());
            }
        }
        return Optional.empty();
    }

    public Optional<String> lastUserMessage() {
        return lastMessageContent("user");
    }

    /** The content of the last {@code tool} message: the result of the last tool call, as JSON text. */
    public Optional<String> lastToolResult() {
        return lastMessageContent("tool");
    }
}
