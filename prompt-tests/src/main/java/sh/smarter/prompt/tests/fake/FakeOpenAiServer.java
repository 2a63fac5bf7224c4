package sh.smarter.prompt.tests.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;

/**
 * A scripted fake of an OpenAI-compatible chat-completions server, on a random loopback port, over real HTTP
 * (the JDK's {@code com.sun.net.httpserver}). It answers {@code POST /v1/chat/completions} (and
 * {@code GET /v1/models}) and records every request.
 *
 * <pre>{@code
 * try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
 *     server.callTools(FakeOpenAiServer.toolCall("calculator", "{\"expression\":\"6*7\"}"))
 *           .respond(request -> Reply.text("It is " + request.lastToolResult().orElse("?")))
 *           .answerStreamed("Streamed, word by word", Duration.ofMillis(50))
 *           .fail(500, "The server had an error")
 *           .failWithRetryAfter(429, 1)
 *           .hang();
 *     ProviderSettings provider = server.providerSettings("fake");     // baseUrl = server.url()
 *     ... run the code under test ...
 *     assertThat(server.requests().get(1).lastToolResult()).contains("{\"result\":42}");
 * }
 * }</pre>
 *
 * <h2>Script</h2>
 * Each request consumes the next scripted step, in order; when the script is empty the fallback answers
 * ({@link #otherwise}; by default it echoes the last user message as {@code "Echo: <text>"}). Steps:
 * {@link #answer}, {@link #answerStreamed} (chunk delay when streamed), {@link #callTools} (one or several
 * calls; multi-round tool use is several steps), {@link #fail} (status + OpenAI-style error),
 * {@link #failWithRetryAfter}, {@link #malformedJson}, {@link #hang} (never answers until {@link #close()}),
 * {@link #then(Reply)} for any {@link Reply}, and {@link #respond(Function)} to compute a reply from the
 * {@link RecordedRequest} (echo the input, evaluate a tool result...).
 *
 * <p>Completion replies follow the request: a JSON {@code chat.completion}, or, when the body has
 * {@code "stream": true}, {@code chat.completion.chunk} SSE frames ending with {@code data: [DONE]}. Answers are
 * deterministic ({@code created} is {@link Reply#CREATED}, token counts derive from the sizes), so the same
 * {@link Reply} streamed and not streamed assembles to equal completions. {@link Reply#neverStreamed()} answers
 * even a streamed request with the plain JSON completion.
 *
 * <h2>Load</h2>
 * {@link #latency(Duration)} delays every answer. Waiting holds no thread: handler threads read the request and
 * return; a small scheduler completes the exchange when the delay is over (the same for chunk delays and
 * {@link #hang}), so thousands of requests can wait at once. Use {@link #recording(boolean)} to stop keeping
 * request bodies in long benchmarks; {@link #requestCount()} still counts.
 *
 * <p>Thread-safe. {@link #reset()} clears the script, the recorded requests, the fallback and the latency.
 */
public final class FakeOpenAiServer implements AutoCloseable {
    private static final Function<RecordedRequest, Reply> ECHO =
            request -> Reply.text("Echo: " + request.lastUserMessage().orElse(""));
    private static final AtomicInteger SERVER_NUMBER = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService scheduler;
    private final Queue<Function<RecordedRequest, Reply>> script = new ConcurrentLinkedQueue<>();
    private final Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
    private final AtomicLong requestCount = new AtomicLong();
    private final Set<HttpExchange> waiting = ConcurrentHashMap.newKeySet();
    private volatile Function<RecordedRequest, Reply> fallback = ECHO;
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean recording = true;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FakeOpenAiServer() throws IOException {
        int number = SERVER_NUMBER.incrementAndGet();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        handlers = Executors.newFixedThreadPool(Math.max(16, 4 * Runtime.getRuntime().availableProcessors()),
                daemonThreads("fake-openai-" + number + "-handler"));
        scheduler = Executors.newScheduledThreadPool(2, daemonThreads("fake-openai-" + number + "-timer"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on a free loopback port. */
    public static FakeOpenAiServer start() {
        try {
            return new FakeOpenAiServer();
        } catch (IOException e) {
            throw new UncheckedIOException("the fake OpenAI server could not start", e);
        }
    }

    /** The base URL to configure as a provider's baseUrl: {@code http://127.0.0.1:<port>/v1/}. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/v1/";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A provider pointing at this server, without an API key, for account 0 (every account sees it). */
    public ProviderSettings providerSettings(String name) {
        return new ProviderSettings(0, 0, name, url(), Secret.NONE, "fake-model", false, Instant.EPOCH,
                Instant.EPOCH);
    }

    /** A tool call with a fresh id, for {@link #callTools} and {@link Reply#toolCalls}. */
    public static FakeToolCall toolCall(String name, String argumentsJson) {
        return FakeToolCall.of(name, argumentsJson);
    }

    public static FakeToolCall toolCall(String id, String name, String argumentsJson) {
        return new FakeToolCall(id, name, argumentsJson);
    }

    // ------------------------------------------------------------------------------------------- script

    /** Appends a reply to the script. */
    public FakeOpenAiServer then(Reply reply) {
        Objects.requireNonNull(reply, "reply");
        script.add(request -> reply);
        return this;
    }

    /** Appends a step whose reply is computed from the request. */
    public FakeOpenAiServer respond(Function<RecordedRequest, Reply> step) {
        script.add(Objects.requireNonNull(step, "step"));
        return this;
    }

    public FakeOpenAiServer answer(String text) {
        return then(Reply.text(text));
    }

    /** A text answer whose stream waits {@code chunkDelay} between chunks (a plain answer when not streamed). */
    public FakeOpenAiServer answerStreamed(String text, Duration chunkDelay) {
        return then(Reply.text(text).withChunkDelay(chunkDelay));
    }

    public FakeOpenAiServer callTools(FakeToolCall... calls) {
        return then(Reply.toolCalls(calls));
    }

    /** An OpenAI-style error: {@code {"error": {"message": message, ...}}}. */
    public FakeOpenAiServer fail(int status, String message) {
        return then(Reply.error(status, message));
    }

    /** An error with {@code Retry-After: seconds} (429 or 503 typically). */
    public FakeOpenAiServer failWithRetryAfter(int status, long seconds) {
        return then(Reply.error(status, "Please retry after " + seconds + " s")
                .withHeader("Retry-After", Long.toString(seconds)));
    }

    public FakeOpenAiServer malformedJson() {
        return then(Reply.malformedJson());
    }

    /** The next request never gets an answer (until the server closes). */
    public FakeOpenAiServer hang() {
        return then(Reply.hang());
    }

    /** What answers once the script is used up (default: echo the last user message). */
    public FakeOpenAiServer otherwise(Function<RecordedRequest, Reply> fallbackStep) {
        this.fallback = Objects.requireNonNull(fallbackStep, "fallbackStep");
        return this;
    }

    public FakeOpenAiServer otherwise(Reply reply) {
        Objects.requireNonNull(reply, "reply");
        return otherwise(request -> reply);
    }

    /** The echo fallback, for {@link #otherwise(Function)} after something else was set. */
    public static Function<RecordedRequest, Reply> echo() {
        return ECHO;
    }

    /** Delays every answer by this much (headers included), without holding a thread per waiting request. */
    public FakeOpenAiServer latency(Duration delay) {
        this.latency = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /** Whether requests are kept for {@link #requests()} (default true); counting never stops. */
    public FakeOpenAiServer recording(boolean keep) {
        this.recording = keep;
        return this;
    }

    /** Scripted steps not used yet. */
    public int remainingSteps() {
        return script.size();
    }

    // ------------------------------------------------------------------------------------------- requests

    /** Every request received (while recording), in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public RecordedRequest lastRequest() {
        List<RecordedRequest> all = requests();
        if (all.isEmpty()) {
            throw new IllegalStateException("the fake OpenAI server has received no request");
        }
        return all.get(all.size() - 1);
    }

    public long requestCount() {
        return requestCount.get();
    }

    /** Waits until at least {@code count} requests arrived; returns them, or fails after the timeout. */
    public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requestCount.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("expected " + count + " requests within " + timeout + ", got "
                        + requestCount.get());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return requests();
    }

    /** Clears script, requests, fallback and latency; requests still waiting are cut off. */
    public void reset() {
        script.clear();
        requests.clear();
        requestCount.set(0);
        fallback = ECHO;
        latency = Duration.ZERO;
        recording = true;
        closeWaiting();
    }

    /** Stops the server and cuts every request still waiting. Closing twice is harmless. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        closeWaiting();
        scheduler.shutdownNow();
        handlers.shutdownNow();
    }

    private void closeWaiting() {
        for (HttpExchange exchange : List.copyOf(waiting)) {
            waiting.remove(exchange);
            exchange.close();
        }
    }

    // ------------------------------------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) {
        try {
            RecordedRequest request = record(exchange);
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/v1/models") && exchange.getRequestMethod().equals("GET")) {
                sendJson(exchange, 200, models());
                return;
            }
            if (!path.equals("/v1/chat/completions")) {
                sendJson(exchange, 404, Reply.error(404, "Unknown path " + path).errorBody);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                sendJson(exchange, 405, Reply.error(405, "Use POST").errorBody);
                return;
            }
            if (request.body() == null) {
                sendJson(exchange, 400, Reply.error(400, "We could not parse the JSON body of your request.")
                        .errorBody);
                return;
            }
            Function<RecordedRequest, Reply> step = script.poll();
            Reply reply;
            try {
                reply = (step == null ? fallback : step).apply(request);
            } catch (RuntimeException e) {
                reply = Reply.error(500, "the fake server's scripted step failed: " + e);
            }
            deliver(exchange, request, reply);
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private RecordedRequest record(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        long at = System.nanoTime();
        String text = new String(bytes, StandardCharsets.UTF_8);
        JsonObject body = null;
        try {
            if (Json.parse(text) instanceof JsonObject object) {
                body = object;
            }
        } catch (IllegalArgumentException notJson) {
            body = null;
        }
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), text, body, at);
        requestCount.incrementAndGet();
        if (recording) {
            requests.add(request);
        }
        return request;
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the delayed send answers the exchange itself; nothing waits on it
    private void deliver(HttpExchange exchange, RecordedRequest request, Reply reply) {
        if (reply.kind == Reply.Kind.HANG) {
            waiting.add(exchange);
            return;
        }
        long delay = latency.toMillis() + reply.delayMillis;
        if (delay <= 0) {
            send(exchange, request, reply);
            return;
        }
        waiting.add(exchange);
        scheduler.schedule(() -> {
            if (waiting.remove(exchange)) {
                send(exchange, request, reply);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void send(HttpExchange exchange, RecordedRequest request, Reply reply) {
        try {
            reply.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            switch (reply.kind) {
                case ERROR -> sendJson(exchange, reply.status, reply.errorBody);
                case MALFORMED_JSON -> sendJson(exchange, 200, "{\"id\": \"" + reply.id
                        + "\", \"object\": \"chat.completion\", \"choices\": [{\"index\": 0, \"message\": {\"role\"");
                case NO_CHOICES -> sendJson(exchange, 200, reply.completionWithoutChoices(request).toJson());
                case COMPLETION_NEVER_STREAMED -> sendJson(exchange, 200, reply.completion(request).toJson());
                default -> {
                    if (request.isStreaming()) {
                        stream(exchange, reply.streamFrames(request), reply.chunkDelayMillis);
                    } else {
                        sendJson(exchange, 200, reply.completion(request).toJson());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private static void sendJson(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void stream(HttpExchange exchange, List<String> frames, long chunkDelayMillis) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        if (chunkDelayMillis <= 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                for (String frame : frames) {
                    out.write(frame.getBytes(StandardCharsets.UTF_8));
                }
            }
            return;
        }
        waiting.add(exchange);
        writeFrame(exchange, new ArrayList<>(frames), 0, chunkDelayMillis);
    }

    /** Writes one frame now and schedules the next: a slow stream holds no thread between chunks. */
    @SuppressWarnings("FutureReturnValueIgnored") // each frame schedules the next and handles its own failure
    private void writeFrame(HttpExchange exchange, List<String> frames, int index, long chunkDelayMillis) {
        if (!waiting.contains(exchange)) {
            return;
        }
        try {
            OutputStream out = exchange.getResponseBody();
            out.write(frames.get(index).getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (index == frames.size() - 1) {
                waiting.remove(exchange);
                out.close();
                return;
            }
            scheduler.schedule(() -> writeFrame(exchange, frames, index + 1, chunkDelayMillis), chunkDelayMillis,
                    TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            waiting.remove(exchange);
            exchange.close();
        }
    }

    private static String models() {
        return JsonObject.builder()
                .put("object", "list")
                .put("data", JsonArray.of(JsonObject.builder()
                        .put("id", "fake-model")
                        .put("object", "model")
                        .put("created", Reply.CREATED)
                        .put("owned_by", "smarter-prompt-tests")
                        .build()))
                .build().toJson();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
