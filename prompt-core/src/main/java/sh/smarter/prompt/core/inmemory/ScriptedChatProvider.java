package sh.smarter.prompt.core.inmemory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.session.ToolCall;

/**
 * A chat provider that answers from a script, in process, and records every request: for tests of the core, of the
 * adapters, and of programs that embed the library and want turns without a model. Scripted steps are used in
 * order; when they run out, the fallback answers (by default an AssertionError: a script that runs out is a
 * mistake in the test).
 */
public final class ScriptedChatProvider implements ChatCompletionProvider {
    private final ConcurrentLinkedQueue<Function<ChatRequest, ChatCompletion>> script = new ConcurrentLinkedQueue<>();
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<ChatRequest, ChatCompletion> fallback = request -> {
        throw new AssertionError("the provider was called more often than scripted");
    };

    public ScriptedChatProvider thenAnswer(String text) {
        script.add(request -> text(text));
        return this;
    }

    public ScriptedChatProvider thenCallTools(ToolCall... calls) {
        script.add(request -> toolCalls(calls));
        return this;
    }

    public ScriptedChatProvider then(Function<ChatRequest, ChatCompletion> step) {
        script.add(step);
        return this;
    }

    /** Answers every request not covered by the script. */
    public ScriptedChatProvider otherwise(Function<ChatRequest, ChatCompletion> step) {
        this.fallback = step;
        return this;
    }

    @Override
    public ChatCompletion complete(ProviderSettings provider, ChatRequest request) {
        requests.add(request);
        Function<ChatRequest, ChatCompletion> step = script.poll();
        return (step == null ? fallback : step).apply(request);
    }

    /** Every request the provider was given, in order. */
    public List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    public ChatRequest lastRequest() {
        return requests.get(requests.size() - 1);
    }

    /** A completion whose answer is {@code content} (10 prompt and 5 completion tokens). */
    public static ChatCompletion text(String content) {
        return ChatCompletion.fromJson(completion(JsonObject.builder()
                .put("role", "assistant").put("content", content).build(), "stop"));
    }

    /** A completion asking for these tool calls. */
    public static ChatCompletion toolCalls(ToolCall... calls) {
        JsonArray.Builder wire = JsonArray.builder();
        for (ToolCall call : calls) {
            wire.add(JsonObject.builder()
                    .put("id", call.id())
                    .put("type", "function")
                    .put("function", JsonObject.builder()
                            .put("name", call.name()).put("arguments", call.arguments()).build())
                    .build());
        }
        return ChatCompletion.fromJson(completion(JsonObject.builder()
                .put("role", "assistant").put("content", (String) null).put("tool_calls", wire.build()).build(),
                "tool_calls"));
    }

    public static ToolCall call(String id, String name, String arguments) {
        return new ToolCall(id, name, arguments);
    }

    private static JsonObject completion(JsonObject message, String finishReason) {
        List<JsonObject> choices = new ArrayList<>();
        choices.add(JsonObject.builder().put("index", 0).put("message", message)
                .put("finish_reason", finishReason).build());
        return JsonObject.builder()
                .put("id", "chatcmpl-test")
                .put("object", "chat.completion")
                .put("created", 1_780_000_000L)
                .put("model", "gpt-4o-mini")
                .put("choices", new JsonArray(List.copyOf(choices)))
                .put("usage", JsonObject.builder()
                        .put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15).build())
                .build();
    }
}
