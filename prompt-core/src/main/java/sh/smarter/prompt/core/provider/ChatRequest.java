package sh.smarter.prompt.core.provider;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.Utf8Json;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.ToolCall;

/**
 * One chat-completions request. {@link #toJson()} is the exact body sent to an OpenAI-compatible
 * {@code POST chat/completions}: internal roles are dropped, absent values are left out, and {@code tools} with
 * {@code "tool_choice": "auto"} appear only when there are tools.
 *
 * <p>The body is built once, with the request: the adapter sends that very object and the turn records it, so
 * what a turn shows as sent is what was sent, and a round builds its JSON only once. A body sent as it is (not
 * streamed, which adds members) is also written once: the text the adapter writes through {@link #bodyText} is kept,
 * and the turn's response copies it.
 */
public final class ChatRequest {
    /**
     * Messages as {@link #messageJson} renders them, for the messages met lately: a session's context window sends
     * the same stored messages turn after turn, and the store compares each request's messages with the same ones
     * again ({@code ExchangeCodec}); both then share one rendering. At most {@value #RENDERED_LIMIT} messages of up
     * to {@value #RENDERED_MESSAGE_CHARS} characters each and about {@value #RENDERED_CHARS} in all (some 2 MB of
     * objects and 8 MB of text); emptied when full, which costs only the next renderings.
     */
    private static final int RENDERED_LIMIT = 8_192;
    private static final int RENDERED_MESSAGE_CHARS = 8_192;
    private static final long RENDERED_CHARS = 4L * 1024 * 1024;
    private static final Map<NewMessage, JsonObject> RENDERED = new ConcurrentHashMap<>();
    /** The characters of the remembered contents; approximate under races, and reset with the map. */
    private static final AtomicLong RENDERED_CHARS_HELD = new AtomicLong();

    private final String model;
    private final List<NewMessage> messages;
    private final double temperature;
    private final int maxCompletionTokens;
    private final List<ToolDefinition> tools;
    private final JsonObject body;
    /** The body's text once an adapter has written it; written again only by a race, to the same bytes. */
    private volatile byte[] bodyText;

    public ChatRequest(String model, List<NewMessage> messages, double temperature, int maxCompletionTokens,
                       List<ToolDefinition> tools) {
        this.model = Objects.requireNonNull(model, "model");
        this.messages = messages.stream().filter(m -> !m.role().isInternal()).toList();
        this.temperature = temperature;
        this.maxCompletionTokens = maxCompletionTokens;
        this.tools = tools == null ? List.of() : List.copyOf(tools);
        this.body = body();
    }

    public String model() {
        return model;
    }

    public List<NewMessage> messages() {
        return messages;
    }

    public double temperature() {
        return temperature;
    }

    public int maxCompletionTokens() {
        return maxCompletionTokens;
    }

    public List<ToolDefinition> tools() {
        return tools;
    }

    /** The body, the same object on every call. */
    public JsonObject toJson() {
        return body;
    }

    /**
     * The body's UTF-8 text, written by {@code writer} the first time and kept: what an adapter sends when it sends
     * {@link #toJson()} as it is. The same array on every call, which nobody may change: a request waiting at a
     * slow provider holds its body once.
     */
    public byte[] bodyText(Function<JsonObject, byte[]> writer) {
        byte[] text = bodyText;
        if (text == null) {
            text = writer.apply(body);
            bodyText = text;
        }
        return text;
    }

    /** A copy of the text {@link #bodyText} kept, if an adapter wrote the body. */
    public Optional<Utf8Json> writtenBody() {
        byte[] text = bodyText;
        return text == null ? Optional.empty() : Optional.of(new Utf8Json(text));
    }

    private JsonObject body() {
        JsonArray.Builder wireMessages = JsonArray.builder();
        for (NewMessage message : messages) {
            wireMessages.add(messageJson(message));
        }
        JsonObject.Builder body = JsonObject.builder()
                .put("model", model)
                .put("messages", wireMessages.build())
                .put("temperature", temperature)
                .put("max_completion_tokens", maxCompletionTokens);
        if (!tools.isEmpty()) {
            JsonArray.Builder wireTools = JsonArray.builder();
            tools.forEach(tool -> wireTools.add(tool.toJson()));
            body.put("tools", wireTools.build()).put("tool_choice", "auto");
        }
        return body.build();
    }

    /**
     * One message as {@link #toJson()} puts it in {@code messages}: stores rebuild requests from it. Equal messages
     * get the same object while it is remembered.
     */
    public static JsonObject messageJson(NewMessage message) {
        JsonObject known = RENDERED.get(message);
        if (known != null) {
            return known;
        }
        JsonObject json = render(message);
        // Tool calls are rare in a window and their arguments unbounded: only plain messages are remembered.
        if (!message.requestsTools()) {
            remember(message, json);
        }
        return json;
    }

    private static void remember(NewMessage plain, JsonObject json) {
        int chars = plain.content().length();
        if (chars > RENDERED_MESSAGE_CHARS) {
            return;
        }
        if (RENDERED.size() >= RENDERED_LIMIT || RENDERED_CHARS_HELD.get() + chars > RENDERED_CHARS) {
            RENDERED.clear();
            RENDERED_CHARS_HELD.set(0);
        }
        if (RENDERED.putIfAbsent(plain, json) == null) {
            RENDERED_CHARS_HELD.addAndGet(chars);
        }
    }

    private static JsonObject render(NewMessage message) {
        JsonObject.Builder json = JsonObject.builder().put("role", message.role().wireName());
        boolean toolRequest = message.role() == Role.ASSISTANT && message.requestsTools();
        if (message.content() != null && !(toolRequest && message.content().isEmpty())) {
            json.put("content", message.content());
        } else if (toolRequest) {
            // OpenAI accepts a null content beside tool_calls; some compatible servers require the key.
            json.put("content", (String) null);
        }
        if (message.requestsTools()) {
            JsonArray.Builder calls = JsonArray.builder();
            for (ToolCall call : message.toolCalls()) {
                calls.add(JsonObject.builder()
                        .put("id", call.id())
                        .put("type", "function")
                        .put("function", JsonObject.builder()
                                .put("name", call.name())
                                .put("arguments", call.arguments())
                                .build())
                        .build());
            }
            json.put("tool_calls", calls.build());
        }
        json.putIfNotNull("tool_call_id", message.toolCallId());
        json.putIfNotNull("name", message.name());
        return json.build();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChatRequest that && model.equals(that.model) && messages.equals(that.messages)
                && Double.compare(temperature, that.temperature) == 0
                && maxCompletionTokens == that.maxCompletionTokens && tools.equals(that.tools);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, messages, temperature, maxCompletionTokens, tools);
    }

    @Override
    public String toString() {
        return "ChatRequest[model=" + model + ", messages=" + messages + ", temperature=" + temperature
                + ", maxCompletionTokens=" + maxCompletionTokens + ", tools=" + tools + "]";
    }
}
