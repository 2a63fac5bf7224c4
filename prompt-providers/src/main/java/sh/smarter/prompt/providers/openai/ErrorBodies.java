package sh.smarter.prompt.providers.openai;

import java.util.Optional;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.providers.http.BoundedBody;
import sh.smarter.prompt.wire.json.JacksonJson;

/** Reads the provider's own words out of an error answer. */
final class ErrorBodies {
    static final int MAX_MESSAGE_CHARS = 300;

    private ErrorBodies() {
    }

    /**
     * The message of an OpenAI-style error ({@code {"error": {"message": ...}}}), or of the common variants
     * ({@code {"error": "..."}}, {@code {"message": ...}}, {@code {"detail": ...}}, Gemini's one-element array),
     * or else a short excerpt of the body; empty for an empty body.
     */
    static Optional<String> providerMessage(byte[] body, String contentType) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        String text = BoundedBody.text(body, contentType);
        Optional<String> fromJson;
        try {
            fromJson = messageOf(JacksonJson.parse(text));
        } catch (IllegalArgumentException notJson) {
            fromJson = Optional.empty();
        }
        String message = fromJson.orElse(text);
        message = BoundedBody.excerpt(message, MAX_MESSAGE_CHARS);
        return message.isEmpty() ? Optional.empty() : Optional.of(message);
    }

    /** The error message carried by a JSON value, as found in error answers and in-stream error events. */
    static Optional<String> messageOf(Json json) {
        if (json instanceof JsonArray array && !array.isEmpty()) {
            return messageOf(array.get(0));
        }
        if (!(json instanceof JsonObject object)) {
            return Optional.empty();
        }
        Json error = object.get("error");
        if (error instanceof JsonObject details) {
            return details.string("message").or(() -> Optional.of(details.toJson()));
        }
        if (!error.isNull()) {
            return Optional.of(error.asText());
        }
        return object.string("message").or(() -> object.has("detail")
                ? Optional.of(object.get("detail").asText()) : Optional.empty());
    }
}
