package sh.smarter.prompt.providers.openai;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.provider.CompletionStreamListener;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.providers.http.BoundedBody;
import sh.smarter.prompt.providers.http.HttpExchanges;
import sh.smarter.prompt.providers.secret.SecretResolver;
import sh.smarter.prompt.wire.json.JacksonJson;
import sh.smarter.prompt.wire.sse.ServerSentEvents;

/**
 * Chat completions from any OpenAI-compatible service (OpenAI, Gemini's and Llama API's compatible endpoints,
 * Ollama, vLLM, LM Studio, a proxy) over {@code POST {baseUrl}chat/completions}.
 *
 * <p>The body sent is exactly {@link ChatRequest#toJson()}, plus {@code "stream": true} and
 * {@code "stream_options": {"include_usage": true}} when streaming. Connection errors and the statuses 429, 500,
 * 502, 503 and 504 are retried with exponential backoff and jitter, honouring {@code Retry-After}; other statuses,
 * a request timeout and a malformed answer are not. A streamed call is retried only while nothing has been passed
 * to the listener yet. The API key is resolved at call time, so a missing key is a configuration error of the
 * call, not of the start-up; it never appears in messages or logs (they show {@link Secret#mask}).
 *
 * <p>Thread-safe and free of locks: one instance serves every chatbot and any number of concurrent calls.
 */
public final class OpenAiCompatibleProvider implements ChatCompletionProvider {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleProvider.class);
    private static final String USER_AGENT = "smarter-prompt-jvm";
    private static final String LOCAL_SERVER_HINT = "or point the chatbot at a local OpenAI-compatible server"
            + " (a Provider manifest with baseUrl http://localhost:11434/v1/)";
    private static final long ERROR_BODY_LIMIT = 64 * 1024;
    private static final int MAX_DETAIL_CHARS = 200;

    private final OpenAiSettings settings;
    private final SecretResolver secrets;
    private final RetryPolicy retryPolicy;
    private final HttpClient client;
    private final Consumer<String> retries;

    public OpenAiCompatibleProvider() {
        this(OpenAiSettings.DEFAULTS, System::getenv);
    }

    public OpenAiCompatibleProvider(OpenAiSettings settings) {
        this(settings, System::getenv);
    }

    /** @param environment looks up environment variables named by {@link Secret.FromEnvironment} keys */
    public OpenAiCompatibleProvider(OpenAiSettings settings, Function<String, String> environment) {
        this(settings, environment, provider -> { });
    }

    /** @param retries told of every attempt that is retried, with the provider's name (for metrics) */
    public OpenAiCompatibleProvider(OpenAiSettings settings, Function<String, String> environment,
                                    Consumer<String> retries) {
        this.retries = Objects.requireNonNull(retries, "retries");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.secrets = new SecretResolver(environment);
        this.retryPolicy = new RetryPolicy(settings);
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public OpenAiSettings settings() {
        return settings;
    }

    @Override
    public ChatCompletion complete(ProviderSettings provider, ChatRequest request) {
        Call call = prepare(provider, request, false);
        return withRetries(call, () -> completeOnce(call));
    }

    @Override
    public ChatCompletion stream(ProviderSettings provider, ChatRequest request,
                                 CompletionStreamListener listener) {
        Call call = prepare(provider, request, true);
        CompletionStreamListener target = listener == null ? CompletionStreamListener.NONE : listener;
        return withRetries(call, () -> streamOnce(call, target));
    }

    /** Everything one call needs, fixed before the first attempt. {@code key} is null without a key. */
    private record Call(String provider, String baseUrl, HttpRequest request, String key, String model,
                        boolean streaming) {
        String maskedKey() {
            return key == null ? "none" : Secret.mask(key);
        }

        String scrub(String text) {
            return SecretResolver.scrub(text, key);
        }
    }

    private Call prepare(ProviderSettings provider, ChatRequest request, boolean streaming) {
        String name = provider.name();
        String key = secrets.resolve(provider.apiKey()).orElse(null);
        if (key == null && provider.apiKeyRequired()) {
            throw ProviderException.misconfigured(name, "provider " + name + " has no API key: "
                    + SecretResolver.howToProvide(provider.apiKey()) + ", " + LOCAL_SERVER_HINT);
        }
        URI endpoint = endpointOf(provider);
        JsonObject body = request.toJson();
        if (streaming) {
            body = body.toBuilder()
                    .put("stream", true)
                    .put("stream_options", JsonObject.builder().put("include_usage", true).build())
                    .build();
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint)
                .version(HttpExchanges.versionFor(endpoint))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", streaming ? "text/event-stream" : "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(body.toJson(), StandardCharsets.UTF_8));
        if (key != null) {
            try {
                http.header("Authorization", "Bearer " + key);
            } catch (IllegalArgumentException e) {
                throw ProviderException.misconfigured(name, "provider " + name
                        + " has an API key with characters not allowed in an HTTP header");
            }
        }
        return new Call(name, provider.baseUrl(), http.build(), key, request.model(), streaming);
    }

    private static URI endpointOf(ProviderSettings provider) {
        try {
            URI base = URI.create(provider.baseUrl());
            String scheme = base.getScheme();
            if (base.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return base.resolve("chat/completions");
        } catch (IllegalArgumentException e) {
            throw ProviderException.misconfigured(provider.name(), "provider " + provider.name()
                    + " has an invalid baseUrl " + provider.baseUrl() + "; expected e.g. https://api.openai.com/v1/");
        }
    }

    // ---------------------------------------------------------------------------------------------- retries

    @FunctionalInterface
    private interface Attempt {
        ChatCompletion run() throws RetryableFailure;
    }

    /** A failed attempt that another attempt may fix; {@code error} is what the caller gets if none does. */
    private static final class RetryableFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ProviderException error;
        private final transient Duration retryAfter;

        RetryableFailure(ProviderException error, Duration retryAfter) {
            super(error.getMessage(), null, false, false);
            this.error = error;
            this.retryAfter = retryAfter;
        }
    }

    private ChatCompletion withRetries(Call call, Attempt attempt) {
        int maxAttempts = retryPolicy.maxAttempts();
        for (int n = 1; ; n++) {
            long started = System.nanoTime();
            LOG.debug("POST {} (provider {}, model {}, stream {}, key {}), attempt {}/{}", call.request().uri(),
                    call.provider(), call.model(), call.streaming(), call.maskedKey(), n, maxAttempts);
            try {
                ChatCompletion completion = attempt.run();
                LOG.debug("provider {} answered in {} ms: finish_reason {}, {} tokens", call.provider(),
                        (System.nanoTime() - started) / 1_000_000, completion.finishReason(),
                        completion.usage().totalTokens());
                return completion;
            } catch (RetryableFailure failure) {
                ProviderException error = failure.error;
                if (failure.retryAfter != null && failure.retryAfter.compareTo(retryPolicy.maxRetryAfter()) > 0) {
                    LOG.warn("{}; not retrying: it asks to wait {}", error.getMessage(),
                            HttpExchanges.describe(failure.retryAfter));
                    throw withMessage(error, error.getMessage() + " (it asks to retry after "
                            + HttpExchanges.describe(failure.retryAfter) + ", longer than the "
                            + HttpExchanges.describe(retryPolicy.maxRetryAfter()) + " this server waits)");
                }
                if (n >= maxAttempts) {
                    LOG.warn("{}; giving up after {} attempt(s)", error.getMessage(), n);
                    throw n == 1 ? error : withMessage(error, error.getMessage() + " (after " + n + " attempts)");
                }
                Duration wait = failure.retryAfter != null ? failure.retryAfter : retryPolicy.backoff(n);
                LOG.warn("{}; retrying in {} (attempt {}/{})", error.getMessage(), HttpExchanges.describe(wait),
                        n + 1, maxAttempts);
                try {
                    retries.accept(call.provider());
                } catch (RuntimeException ignored) {
                    // Counting a retry never stops it.
                }
                pause(call, wait);
            }
        }
    }

    private static ProviderException withMessage(ProviderException error, String message) {
        return new ProviderException(error.kind(), error.provider(), error.status(), message, error.getCause());
    }

    private static void pause(Call call, Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.failed(call.provider(), 0, "call to provider " + call.provider()
                    + " was interrupted while waiting to retry");
        }
    }

    // ---------------------------------------------------------------------------------------------- one answer

    private ChatCompletion completeOnce(Call call) throws RetryableFailure {
        HttpResponse<byte[]> response;
        try {
            response = HttpExchanges.send(client, call.request(), BoundedBody.handler(settings.maxResponseBytes()),
                    settings.requestTimeout());
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw transportFailure(call, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw statusFailure(call, response.statusCode(), response.headers(), response.body());
        }
        JsonObject raw;
        try {
            raw = JacksonJson.parseObject(response.body());
        } catch (IllegalArgumentException e) {
            throw malformed(call, "not a JSON object (" + e.getMessage() + ")");
        }
        return completionOf(call, raw);
    }

    private ChatCompletion completionOf(Call call, JsonObject raw) {
        if (raw.has("error") && !raw.has("choices")) {
            throw ProviderException.failed(call.provider(), 200, call.scrub("provider " + call.provider()
                    + " answered with an error: " + ErrorBodies.messageOf(raw).orElse(raw.toJson())));
        }
        try {
            return ChatCompletion.fromJson(raw);
        } catch (IllegalArgumentException e) {
            throw malformed(call, e.getMessage());
        }
    }

    private static ProviderException malformed(Call call, String detail) {
        return ProviderException.failed(call.provider(), 200, call.scrub("provider " + call.provider()
                + " returned a malformed completion: " + BoundedBody.excerpt(detail, MAX_DETAIL_CHARS)));
    }

    /** A non-2xx answer: retryable for overload and transient server errors, final otherwise. */
    private static RetryableFailure statusFailure(Call call, int status, HttpHeaders headers, byte[] body) {
        String providerMessage = ErrorBodies.providerMessage(body, headers.firstValue("Content-Type").orElse(null))
                .orElse("no error message");
        String message = "provider " + call.provider() + " answered HTTP " + status + ": " + providerMessage;
        if (status == 401 || status == 403) {
            message += " (check the provider's API key, " + call.maskedKey() + ")";
        }
        ProviderException error = ProviderException.failed(call.provider(), status, call.scrub(message));
        if (!RetryPolicy.isRetryable(status)) {
            throw error;
        }
        return new RetryableFailure(error, RetryPolicy.retryAfter(headers, Instant.now()).orElse(null));
    }

    /** No answer at all: connection problems are retryable; a timeout, an interrupt or a huge answer are not. */
    private RetryableFailure transportFailure(Call call, Throwable failure) {
        Throwable cause = unwrap(failure);
        String provider = call.provider();
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw ProviderException.failed(provider, 0, "call to provider " + provider + " was interrupted");
        }
        BoundedBody.TooLargeException tooLarge = BoundedBody.tooLarge(cause);
        if (tooLarge != null) {
            throw ProviderException.failed(provider, 200, "provider " + provider + " answered with more than "
                    + tooLarge.limitBytes() + " bytes");
        }
        if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
            throw timeout(call, "did not answer within " + HttpExchanges.describe(settings.requestTimeout()));
        }
        if (cause instanceof IOException) {
            return new RetryableFailure(new ProviderException(ErrorKind.PROVIDER_FAILED, provider, 0,
                    call.scrub("provider " + provider + " could not be reached at " + call.baseUrl() + ": "
                            + HttpExchanges.reason(cause)), null), null);
        }
        throw new ProviderException(ErrorKind.PROVIDER_FAILED, provider, 0, call.scrub("call to provider "
                + provider + " failed: " + HttpExchanges.reason(cause)), null);
    }

    private static ProviderException timeout(Call call, String what) {
        return ProviderException.timeout(call.provider(), "provider " + call.provider() + " " + what
                + " (request timeout)");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // ---------------------------------------------------------------------------------------------- streaming

    /** What the HTTP client reports while a stream is read; consumed by the calling thread in order. */
    private sealed interface StreamEvent {
    }

    private record Line(String text) implements StreamEvent {
    }

    private record Finished(HttpResponse<byte[]> response) implements StreamEvent {
    }

    private record Failed(Throwable failure) implements StreamEvent {
    }

    /** Hands each line of a 2xx body to the reading thread as it arrives. */
    private static final class LineForwarder implements Flow.Subscriber<String> {
        private final BlockingQueue<StreamEvent> events;

        LineForwarder(BlockingQueue<StreamEvent> events) {
            this.events = events;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            events.add(new Line(line));
        }

        @Override
        public void onError(Throwable failure) {
            events.add(new Failed(failure));
        }

        @Override
        public void onComplete() {
            // The response future completes next and reports the end.
        }
    }

    /**
     * One streamed attempt. Lines are read as they arrive (never the whole body first) and every text delta goes
     * to the listener at once. The stream may stay silent at most {@code requestTimeout}; waiting uses a queue
     * poll, so a virtual thread is never pinned.
     */
    private ChatCompletion streamOnce(Call call, CompletionStreamListener listener) throws RetryableFailure {
        BlockingQueue<StreamEvent> events = new LinkedBlockingQueue<>();
        // A gateway or local server that ignores "stream": true answers with the whole completion as JSON.
        HttpResponse.BodyHandler<byte[]> handler = info -> info.statusCode() / 100 != 2
                ? BoundedBody.handler(ERROR_BODY_LIMIT).apply(info)
                : isJson(info.headers()) ? BoundedBody.handler(settings.maxResponseBytes()).apply(info)
                : HttpResponse.BodySubscribers.mapping(
                        HttpResponse.BodySubscribers.fromLineSubscriber(new LineForwarder(events)), done -> null);
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(call.request(), handler);
        future.whenComplete((response, failure) ->
                events.add(failure == null ? new Finished(response) : new Failed(failure)));
        StreamReader reader = new StreamReader(call, listener);
        boolean done = false;
        try {
            while (true) {
                StreamEvent event = events.poll(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    throw timeout(call, reader.started()
                            ? "stopped sending for " + HttpExchanges.describe(settings.requestTimeout())
                            : "did not answer within " + HttpExchanges.describe(settings.requestTimeout()));
                }
                if (event instanceof Line line) {
                    if (reader.accept(line.text())) {
                        done = true;
                        return reader.completion();
                    }
                } else if (event instanceof Finished finished) {
                    HttpResponse<byte[]> response = finished.response();
                    if (response.statusCode() / 100 != 2) {
                        throw statusFailure(call, response.statusCode(), response.headers(), response.body());
                    }
                    done = true;
                    return isJson(response.headers()) ? unstreamed(call, response.body(), listener)
                            : reader.endOfStream();
                } else {
                    Throwable failure = ((Failed) event).failure();
                    if (reader.started()) {
                        throw ProviderException.failed(call.provider(), 200, call.scrub("stream from provider "
                                + call.provider() + " broke off: " + HttpExchanges.reason(unwrap(failure))));
                    }
                    throw transportFailure(call, failure);
                }
            }
        } catch (InterruptedException e) {
            throw transportFailure(call, e);
        } finally {
            if (!done) {
                future.cancel(true);
            }
        }
    }

    private static boolean isJson(HttpHeaders headers) {
        String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        String media = (parameters < 0 ? type : type.substring(0, parameters)).strip();
        return media.equals("application/json") || media.endsWith("+json");
    }

    /** A plain completion answering a streamed request: read as such, its text passed on in one piece. */
    private ChatCompletion unstreamed(Call call, byte[] body, CompletionStreamListener listener) {
        JsonObject raw;
        try {
            raw = JacksonJson.parseObject(body);
        } catch (IllegalArgumentException e) {
            throw malformed(call, "not a JSON object (" + e.getMessage() + ")");
        }
        ChatCompletion completion = completionOf(call, raw);
        LOG.debug("provider {} answered a streamed request with a plain JSON completion", call.provider());
        if (completion.content() != null && !completion.content().isEmpty()) {
            listener.onContentDelta(completion.content());
        }
        return completion;
    }

    /** Turns SSE lines into listener calls and the assembled completion. */
    private final class StreamReader {
        private final Call call;
        private final CompletionStreamListener listener;
        private final ServerSentEvents events = new ServerSentEvents();
        private final StreamAssembler assembler = new StreamAssembler();
        private boolean started;

        StreamReader(Call call, CompletionStreamListener listener) {
            this.call = call;
            this.listener = listener;
        }

        /** Whether anything reached the listener or the assembler: from then on, a retry would repeat text. */
        boolean started() {
            return started;
        }

        /** Takes a line; true when it ends the stream ({@code data: [DONE]}). */
        boolean accept(String line) {
            Optional<String> data = events.accept(line).map(ServerSentEvents.Event::data);
            return data.isPresent() && onData(data.get());
        }

        private boolean onData(String data) {
            if (data.strip().equals("[DONE]")) {
                return true;
            }
            JsonObject chunk;
            try {
                chunk = JacksonJson.parseObject(data);
            } catch (IllegalArgumentException e) {
                throw malformed(call, "a streamed chunk is not a JSON object: " + data);
            }
            if (chunk.has("error")) {
                throw ProviderException.failed(call.provider(), 200, call.scrub("provider " + call.provider()
                        + " reported an error in the stream: " + ErrorBodies.messageOf(chunk).orElse(data)));
            }
            String delta;
            try {
                delta = assembler.accept(chunk);
            } catch (IllegalArgumentException e) {
                throw malformed(call, e.getMessage());
            }
            started = true;
            if (delta != null) {
                listener.onContentDelta(delta);
            }
            return false;
        }

        /** The body ended without {@code [DONE]}: accept it if the answer was finished. */
        ChatCompletion endOfStream() {
            if (events.flush().map(ServerSentEvents.Event::data).map(this::onData).orElse(false)) {
                return completion();
            }
            if (!assembler.finished()) {
                throw malformed(call, assembler.isEmpty() ? "the stream held no completion chunk"
                        : "the stream ended before a finish_reason or [DONE]");
            }
            return completion();
        }

        ChatCompletion completion() {
            if (assembler.isEmpty()) {
                throw malformed(call, "the stream held no completion chunk");
            }
            JsonObject raw;
            try {
                raw = assembler.completion();
            } catch (IllegalArgumentException e) {
                throw malformed(call, e.getMessage());
            }
            return completionOf(call, raw);
        }
    }
}
