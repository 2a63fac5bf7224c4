package sh.smarter.prompt.tests.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonNull;
import sh.smarter.prompt.core.json.JsonObject;

/**
 * What {@link FakeOpenAiServer} answers to one chat-completions request. Immutable: enqueue the same reply twice
 * and both answers are identical (same completion id, same tool call ids), which is how a test compares a streamed
 * answer with a non-streamed one.
 *
 * <p>A completion reply (text and/or tool calls) answers in the mode the request asks for: a JSON
 * {@code chat.completion}, or {@code chat.completion.chunk} Server-Sent Events ending with {@code data: [DONE]}
 * when the body has {@code "stream": true}. Usage is included in the stream when the request sets
 * {@code stream_options.include_usage}.
 */
public final class Reply {
    /** The {@code created} of every fake completion: 2026-11-26T07:00:00Z, fixed so answers are comparable. */
    public static final long CREATED = 1_795_676_400L;

    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    private static final int ARGUMENT_PIECE_CHARS = 8;

    enum Kind { COMPLETION, COMPLETION_NEVER_STREAMED, ERROR, MALFORMED_JSON, NO_CHOICES, HANG }

    final Kind kind;
    final String id;
    final String content;
    final List<FakeToolCall> toolCalls;
    final String finishReason;
    final int status;
    final String errorBody;
    final Map<String, String> headers;
    final long delayMillis;
    final long chunkDelayMillis;

    private Reply(Kind kind, String id, String content, List<FakeToolCall> toolCalls, String finishReason, int status,
                  String errorBody, Map<String, String> headers, long delayMillis, long chunkDelayMillis) {
        this.kind = kind;
        this.id = id;
        this.content = content;
        this.toolCalls = List.copyOf(toolCalls);
        this.finishReason = finishReason;
        this.status = status;
        this.errorBody = errorBody;
        this.headers = Map.copyOf(headers);
        this.delayMillis = delayMillis;
        this.chunkDelayMillis = chunkDelayMillis;
    }

    private static Reply of(Kind kind, String content, List<FakeToolCall> toolCalls, int status, String body) {
        return new Reply(kind, "chatcmpl-fake-" + NEXT_ID.getAndIncrement(), content, toolCalls, null, status, body,
                Map.of(), 0, 0);
    }

    // ------------------------------------------------------------------------------------------- factories

    /** A plain answer: {@code finish_reason "stop"}. */
    public static Reply text(String content) {
        return of(Kind.COMPLETION, Objects.requireNonNull(content, "content"), List.of(), 200, null);
    }

    /** The model asks for one or several tool calls ({@code content null, finish_reason "tool_calls"}). */
    public static Reply toolCalls(FakeToolCall... calls) {
        if (calls.length == 0) {
            throw new IllegalArgumentException("at least one tool call");
        }
        return of(Kind.COMPLETION, null, List.of(calls), 200, null);
    }

    /** Text and tool calls in one answer, as some models do. */
    public static Reply textAndToolCalls(String content, FakeToolCall... calls) {
        return of(Kind.COMPLETION, content, List.of(calls), 200, null);
    }

    /** An error in OpenAI's shape: {@code {"error": {"message", "type", "param", "code"}}}. */
    public static Reply error(int status, String message) {
        JsonObject body = JsonObject.builder().put("error", JsonObject.builder()
                .put("message", message)
                .put("type", errorType(status))
                .put("param", (String) null)
                .put("code", errorCode(status))
                .build()).build();
        return rawError(status, body.toJson());
    }

    /** An error status with exactly this body (JSON or not). */
    public static Reply rawError(int status, String body) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx");
        }
        return of(Kind.ERROR, null, List.of(), status, body == null ? "" : body);
    }

    /** HTTP 429 with {@code Retry-After: seconds}. */
    public static Reply rateLimited(long retryAfterSeconds) {
        return error(429, "Rate limit reached for requests. Please try again in " + retryAfterSeconds + "s.")
                .withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    /** 200 with a JSON body that breaks off in the middle. */
    public static Reply malformedJson() {
        return of(Kind.MALFORMED_JSON, null, List.of(), 200, null);
    }

    /** 200 with a well-formed completion that has {@code "choices": []}. */
    public static Reply noChoices() {
        return of(Kind.NO_CHOICES, null, List.of(), 200, null);
    }

    /** Never answers: the request stays open until the client gives up or the server closes. */
    public static Reply hang() {
        return of(Kind.HANG, null, List.of(), 0, null);
    }

    // ------------------------------------------------------------------------------------------- modifiers

    public Reply withId(String completionId) {
        return new Reply(kind, Objects.requireNonNull(completionId), content, toolCalls, finishReason, status,
                errorBody, headers, delayMillis, chunkDelayMillis);
    }

    /** Overrides the finish reason ("length", "content_filter", ...). */
    public Reply withFinishReason(String reason) {
        return new Reply(kind, id, content, toolCalls, reason, status, errorBody, headers, delayMillis,
                chunkDelayMillis);
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(kind, id, content, toolCalls, finishReason, status, errorBody, more, delayMillis,
                chunkDelayMillis);
    }

    /** Answers only after this delay (on top of the server's latency); no thread waits meanwhile. */
    public Reply delayedBy(Duration delay) {
        return new Reply(kind, id, content, toolCalls, finishReason, status, errorBody, headers, delay.toMillis(),
                chunkDelayMillis);
    }

    /**
     * Answers a streamed request with the plain {@code chat.completion} as {@code application/json}, as some
     * gateways and local servers do that ignore {@code "stream": true}.
     */
    public Reply neverStreamed() {
        if (kind != Kind.COMPLETION) {
            throw new IllegalStateException("only completions can be sent unstreamed");
        }
        return new Reply(Kind.COMPLETION_NEVER_STREAMED, id, content, toolCalls, finishReason, status, errorBody,
                headers, delayMillis, chunkDelayMillis);
    }

    /** When streamed, waits this long between chunks, so a test can watch deltas arrive one by one. */
    public Reply withChunkDelay(Duration delay) {
        return new Reply(kind, id, content, toolCalls, finishReason, status, errorBody, headers, delayMillis,
                delay.toMillis());
    }

    // ------------------------------------------------------------------------------------------- wire forms

    String finishReasonOrDefault() {
        return finishReason != null ? finishReason : toolCalls.isEmpty() ? "stop" : "tool_calls";
    }

    /** The non-streamed {@code chat.completion}. */
    JsonObject completion(RecordedRequest request) {
        JsonObject.Builder message = JsonObject.builder().put("role", "assistant").put("content", content);
        if (!toolCalls.isEmpty()) {
            JsonArray.Builder calls = JsonArray.builder();
            toolCalls.forEach(call -> calls.add(JsonObject.builder()
                    .put("id", call.id())
                    .put("type", "function")
                    .put("function", JsonObject.builder()
                            .put("name", call.name())
                            .put("arguments", call.arguments())
                            .build())
                    .build()));
            message.put("tool_calls", calls.build());
        }
        return header(request, "chat.completion")
                .put("choices", JsonArray.of(JsonObject.builder()
                        .put("index", 0)
                        .put("message", message.build())
                        .put("finish_reason", finishReasonOrDefault())
                        .build()))
                .put("usage", usage(request))
                .build();
    }

    /** The SSE frames ({@code data: ...\n\n}) of the streamed answer, {@code [DONE]} last. */
    List<String> streamFrames(RecordedRequest request) {
        boolean includeUsage = request.body() != null && request.body().object("stream_options")
                .flatMap(options -> options.bool("include_usage")).orElse(false);
        List<JsonObject> deltas = new ArrayList<>();
        JsonObject.Builder first = JsonObject.builder().put("role", "assistant");
        if (content == null) {
            first.put("content", (String) null);
        } else {
            first.put("content", "");
        }
        deltas.add(first.build());
        if (content != null) {
            for (String piece : words(content)) {
                deltas.add(JsonObject.builder().put("content", piece).build());
            }
        }
        for (int index = 0; index < toolCalls.size(); index++) {
            FakeToolCall call = toolCalls.get(index);
            deltas.add(toolCallDelta(JsonObject.builder()
                    .put("index", index)
                    .put("id", call.id())
                    .put("type", "function")
                    .put("function", JsonObject.builder().put("name", call.name()).put("arguments", "").build())
                    .build()));
            String arguments = call.arguments();
            for (int start = 0; start < arguments.length(); start += ARGUMENT_PIECE_CHARS) {
                String piece = arguments.substring(start, Math.min(arguments.length(), start + ARGUMENT_PIECE_CHARS));
                deltas.add(toolCallDelta(JsonObject.builder()
                        .put("index", index)
                        .put("function", JsonObject.builder().put("arguments", piece).build())
                        .build()));
            }
        }
        List<String> frames = new ArrayList<>();
        for (JsonObject delta : deltas) {
            frames.add(frame(chunk(request, delta, null, includeUsage)));
        }
        frames.add(frame(chunk(request, JsonObject.EMPTY, finishReasonOrDefault(), includeUsage)));
        if (includeUsage) {
            frames.add(frame(header(request, "chat.completion.chunk")
                    .put("choices", JsonArray.EMPTY)
                    .put("usage", usage(request))
                    .build()));
        }
        frames.add("data: [DONE]\n\n");
        return frames;
    }

    private JsonObject chunk(RecordedRequest request, JsonObject delta, String finish, boolean includeUsage) {
        JsonObject.Builder chunk = header(request, "chat.completion.chunk")
                .put("choices", JsonArray.of(JsonObject.builder()
                        .put("index", 0)
                        .put("delta", delta)
                        .put("finish_reason", finish)
                        .build()));
        if (includeUsage) {
            chunk.put("usage", (String) null);
        }
        return chunk.build();
    }

    private static JsonObject toolCallDelta(JsonObject call) {
        return JsonObject.builder().put("tool_calls", JsonArray.of(call)).build();
    }

    private static String frame(JsonObject chunk) {
        return "data: " + chunk.toJson() + "\n\n";
    }

    /** A completion with {@code "choices": []}. */
    JsonObject completionWithoutChoices(RecordedRequest request) {
        return header(request, "chat.completion").put("choices", JsonArray.EMPTY).put("usage", usage(request)).build();
    }

    private JsonObject.Builder header(RecordedRequest request, String object) {
        String model = request.model() == null ? "fake-model" : request.model();
        return JsonObject.builder().put("id", id).put("object", object).put("created", CREATED).put("model", model);
    }

    /**
     * Deterministic token counts, about four characters a token: the prompt counts its {@code messages} JSON, so a
     * streamed and a plain request for the same conversation cost the same.
     */
    private JsonObject usage(RecordedRequest request) {
        long prompt = Math.max(1, request.messages().toJson().length() / 4);
        long answerChars = (content == null ? 0 : content.length())
                + toolCalls.stream().mapToLong(c -> c.name().length() + c.arguments().length()).sum();
        long completion = Math.max(1, answerChars / 4);
        return JsonObject.builder()
                .put("prompt_tokens", prompt)
                .put("completion_tokens", completion)
                .put("total_tokens", prompt + completion)
                .build();
    }

    /** "Hello big world" as "Hello ", "big ", "world": how a model streams roughly. */
    static List<String> words(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' || text.charAt(i) == '\n') {
                pieces.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            pieces.add(text.substring(start));
        }
        return pieces;
    }

    private static String errorType(int status) {
        if (status == 429) {
            return "requests";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    private static Json errorCode(int status) {
        switch (status) {
            case 401:
                return Json.of("invalid_api_key");
            case 429:
                return Json.of("rate_limit_exceeded");
            default:
                return JsonNull.INSTANCE;
        }
    }

    @Override
    public String toString() {
        return "Reply[" + kind + (content != null ? " \"" + content + "\"" : "")
                + (toolCalls.isEmpty() ? "" : " " + toolCalls) + (status >= 400 ? " " + status : "") + "]";
    }
}
