package sh.smarter.prompt.core.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.core.session.TokenUsage;

/**
 * A provider's answer: the raw completion exactly as received (it becomes the prompt response body) and the parts
 * the turn needs, read from {@code choices[0]}.
 */
public record ChatCompletion(JsonObject raw, String content, List<ToolCall> toolCalls, String finishReason,
                             TokenUsage usage, String model) {
    public ChatCompletion {
        Objects.requireNonNull(raw, "raw");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        usage = usage == null ? TokenUsage.NONE : usage;
    }

    public boolean requestsTools() {
        return !toolCalls.isEmpty();
    }

    /**
     * Reads an OpenAI chat completion.
     *
     * @throws IllegalArgumentException when it has no {@code choices[0].message}
     */
    public static ChatCompletion fromJson(JsonObject raw) {
        JsonObject message = raw.array("choices")
                .filter(choices -> !choices.isEmpty())
                .map(choices -> choices.get(0))
                .filter(JsonObject.class::isInstance)
                .map(JsonObject.class::cast)
                .flatMap(choice -> choice.object("message"))
                .orElseThrow(() -> new IllegalArgumentException("completion has no choices[0].message"));
        String finishReason = raw.array("choices")
                .map(choices -> choices.get(0))
                .map(JsonObject.class::cast)
                .flatMap(choice -> choice.string("finish_reason"))
                .orElse(null);
        List<ToolCall> calls = new ArrayList<>();
        for (Json item : message.array("tool_calls").orElse(JsonArray.EMPTY)) {
            if (!(item instanceof JsonObject call)) {
                throw new IllegalArgumentException("tool_calls holds a non-object");
            }
            JsonObject function = call.object("function")
                    .orElseThrow(() -> new IllegalArgumentException("tool call without function"));
            String name = function.string("name")
                    .orElseThrow(() -> new IllegalArgumentException("tool call without function name"));
            Json arguments = function.get("arguments");
            String argumentsText = arguments.isNull() ? "{}" : arguments.asText();
            String id = call.string("id").orElse("call_" + calls.size());
            calls.add(new ToolCall(id, name, argumentsText));
        }
        return new ChatCompletion(raw, message.string("content").orElse(null), calls, finishReason,
                usageOf(raw), raw.string("model").orElse(null));
    }

    static TokenUsage usageOf(JsonObject raw) {
        return raw.object("usage").map(u -> new TokenUsage(
                count(u, "prompt_tokens"), count(u, "completion_tokens"), count(u, "total_tokens")))
                .orElse(TokenUsage.NONE);
    }

    private static long count(JsonObject usage, String key) {
        return usage.number(key).map(JsonNumber::longValue).filter(n -> n >= 0).orElse(0L);
    }
}
