package sh.smarter.prompt.providers.openai;

import java.util.Map;
import java.util.TreeMap;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonNull;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;

/**
 * Builds, from {@code chat.completion.chunk} objects, the completion a non-streamed call would have returned:
 * {@code id, object "chat.completion", created, model, choices[0].message{role, content, tool_calls},
 * finish_reason, usage}. Tool calls are assembled by their {@code index}: id, type and name from the first delta
 * that has them, arguments concatenated. Not thread-safe: one per stream.
 */
final class StreamAssembler {
    private String id;
    private Json created = JsonNull.INSTANCE;
    private String model;
    private String systemFingerprint;
    private String role = "assistant";
    private final StringBuilder content = new StringBuilder();
    private boolean sawContent;
    private final Map<Integer, ToolCallParts> toolCalls = new TreeMap<>();
    private String finishReason;
    private JsonObject usage;
    private int chunks;

    /**
     * Takes one chunk and returns its text delta, or null when it carries none.
     *
     * @throws IllegalArgumentException when the chunk is not shaped like a completion chunk
     */
    String accept(JsonObject chunk) {
        chunks++;
        id = id == null ? chunk.string("id").orElse(null) : id;
        if (created.isNull() && chunk.get("created") instanceof JsonNumber number) {
            created = number;
        }
        model = model == null ? chunk.string("model").orElse(null) : model;
        systemFingerprint = systemFingerprint == null ? chunk.string("system_fingerprint").orElse(null)
                : systemFingerprint;
        chunk.object("usage").ifPresent(u -> usage = u);
        JsonArray choices = chunk.array("choices").orElse(JsonArray.EMPTY);
        if (choices.isEmpty()) {
            return null;
        }
        if (!(choices.get(0) instanceof JsonObject choice)) {
            throw new IllegalArgumentException("choices[0] is not an object");
        }
        choice.string("finish_reason").ifPresent(reason -> finishReason = reason);
        JsonObject delta = choice.object("delta").orElse(JsonObject.EMPTY);
        delta.string("role").ifPresent(r -> role = r);
        for (Json item : delta.array("tool_calls").orElse(JsonArray.EMPTY)) {
            if (!(item instanceof JsonObject call)) {
                throw new IllegalArgumentException("tool_calls holds a non-object");
            }
            int index = call.number("index").map(JsonNumber::longValue).map(Long::intValue)
                    .orElse(toolCalls.size());
            toolCalls.computeIfAbsent(index, i -> new ToolCallParts()).accept(call);
        }
        String text = delta.string("content").orElse(null);
        if (text != null) {
            sawContent = true;
            content.append(text);
        }
        return text == null || text.isEmpty() ? null : text;
    }

    boolean isEmpty() {
        return chunks == 0;
    }

    boolean finished() {
        return finishReason != null;
    }

    /** The assembled completion, shaped like a non-streamed one. */
    JsonObject completion() {
        JsonObject.Builder message = JsonObject.builder()
                .put("role", role)
                .put("content", sawContent || toolCalls.isEmpty() ? content.toString() : null);
        if (!toolCalls.isEmpty()) {
            JsonArray.Builder calls = JsonArray.builder();
            toolCalls.forEach((index, parts) -> calls.add(parts.toJson(index)));
            message.put("tool_calls", calls.build());
        }
        JsonObject.Builder completion = JsonObject.builder()
                .put("id", id)
                .put("object", "chat.completion")
                .put("created", created)
                .put("model", model);
        completion.putIfNotNull("system_fingerprint", systemFingerprint);
        completion.put("choices", JsonArray.of(JsonObject.builder()
                .put("index", 0)
                .put("message", message.build())
                .put("finish_reason", finishReason)
                .build()));
        if (usage != null) {
            completion.put("usage", usage);
        }
        return completion.build();
    }

    private static final class ToolCallParts {
        private String id;
        private String type;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        void accept(JsonObject delta) {
            id = id == null ? delta.string("id").filter(s -> !s.isEmpty()).orElse(null) : id;
            type = type == null ? delta.string("type").orElse(null) : type;
            JsonObject function = delta.object("function").orElse(JsonObject.EMPTY);
            name = name == null ? function.string("name").filter(s -> !s.isEmpty()).orElse(null) : name;
            function.string("arguments").ifPresent(arguments::append);
        }

        JsonObject toJson(int index) {
            if (name == null) {
                throw new IllegalArgumentException("streamed tool call " + index + " has no function name");
            }
            return JsonObject.builder()
                    .put("id", id == null ? "call_" + index : id)
                    .put("type", type == null ? "function" : type)
                    .put("function", JsonObject.builder()
                            .put("name", name)
                            .put("arguments", arguments.toString())
                            .build())
                    .build();
        }
    }
}
