package sh.smarter.prompt.tests.bench;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import sh.smarter.prompt.tests.server.PromptClient;

/**
 * What the React chat component does, over HTTP/1.1: load the configuration object of the example chatbot (which
 * mints a session), then post prompts to it. Only the new user message is sent, as the CLI does; the component
 * sends its whole visible history, which the server ignores once the session has one.
 *
 * <p>The requests are {@link PromptClient}'s. Timed ones go through {@link BlockingHttp} (one keep-alive
 * connection per thread, whose cost the overhead figures are calibrated on); the asynchronous prompts of the
 * concurrency ramp through the shared client.
 */
final class TimedPrompts implements AutoCloseable {
    static final String CHATBOT = "example";

    private final BlockingHttp blocking;
    private final PromptClient async;
    private volatile String lastPromptResponse;

    /**
     * @param serverUrl     the server's base URL, ending with "/"
     * @param asyncExecutor the JDK client's callback threads, for {@link #turnAsync}; null when not needed
     */
    TimedPrompts(String serverUrl, ExecutorService asyncExecutor) {
        this.blocking = new BlockingHttp(serverUrl);
        this.async = asyncExecutor == null ? null : new PromptClient(serverUrl, asyncExecutor);
    }

    TimedPrompts(String serverUrl) {
        this(serverUrl, null);
    }

    /** A new session of the example chatbot, as a page load makes it. */
    String newSession() {
        BlockingHttp.Response response = blocking.post("/" + PromptClient.configPath(CHATBOT), "{}");
        if (response.status() != 200) {
            throw new IllegalStateException("the configuration request answered " + response.status());
        }
        return PromptClient.sessionKeyOf(response.body());
    }

    /** The configuration object of a session, timed; only its size is kept (it reaches megabytes). */
    ConfigSample config(String sessionKey) {
        String path = "/" + PromptClient.configPath(CHATBOT) + "?session_key=" + sessionKey;
        long start = System.nanoTime();
        BlockingHttp.Response response = blocking.post(path, "{}");
        long nanos = System.nanoTime() - start;
        return new ConfigSample(response.status(), nanos, utf8Length(response.body()));
    }

    /**
     * One prompt turn, timed from the request leaving to the whole answer read, with the provider's part of it.
     *
     * @param provider the fake behind the server, or null for a server without one (the bare ceiling)
     */
    TurnSample turn(String sessionKey, TimedFakeProvider provider, TimedFakeProvider.Question question) {
        String body = PromptClient.compatPromptBody(sessionKey, question.text());
        long start = System.nanoTime();
        BlockingHttp.Response response;
        try {
            response = blocking.post("/" + PromptClient.compatPromptPath(CHATBOT, sessionKey), body);
        } catch (RuntimeException e) {
            return TurnSample.failed(start, System.nanoTime(), e.toString());
        }
        long end = System.nanoTime();
        long providerNanos = provider == null ? 0 : provider.takeProviderNanos(question);
        String failure = failureOf(response.status(), response.body());
        if (failure == null && providerNanos < 0) {
            failure = "the provider never saw the question";
        }
        lastPromptResponse = response.body();
        return new TurnSample(start, end, Math.max(0, providerNanos), utf8Length(response.body()), failure);
    }

    /** Timed turns with a new question each, for {@link SessionLoad}. */
    SessionLoad.TurnDriver driver(TimedFakeProvider provider) {
        return sessionKey -> turn(sessionKey, provider, provider.newQuestion());
    }

    /** Sessions made as fast as the server takes them, eight at a time. */
    List<String> newSessions(int count) {
        List<Callable<String>> creations = Collections.nCopies(count, this::newSession);
        return SessionLoad.inParallel(creations, 8, () -> { });
    }

    /** The prompt, sent without waiting, for the concurrency ramp. */
    CompletableFuture<HttpResponse<String>> turnAsync(String sessionKey, TimedFakeProvider.Question question) {
        return async.compatPromptAsync(CHATBOT, sessionKey, question.text());
    }

    /** Null for a complete turn; otherwise what went wrong. A failed provider call still answers 200. */
    static String failureOf(int status, String body) {
        if (status != 200) {
            return "HTTP " + status;
        }
        return body.contains("smarter_error") ? "200 with a smarter_error message" : null;
    }

    /** The body of the last prompt answered, to serve the same payload from the bare Javalin ceiling. */
    String lastPromptResponse() {
        return lastPromptResponse;
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A daemon pool for the HTTP client's callbacks: a few threads serve thousands of requests in flight. */
    static ExecutorService callbackPool() {
        return Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "bench-http-callbacks");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void close() {
        blocking.close();
    }

    /** One configuration request. */
    record ConfigSample(int status, long nanos, int bytes) {
    }

    /**
     * One prompt turn as the client saw it.
     *
     * @param providerNanos the provider's part (0 when there is no provider)
     * @param failure       null for a complete turn
     */
    record TurnSample(long startNanos, long endNanos, long providerNanos, int responseBytes, String failure) {
        static TurnSample failed(long start, long end, String failure) {
            return new TurnSample(start, end, 0, 0, failure);
        }

        long latencyNanos() {
            return endNanos - startNanos;
        }

        /** What the server spent on the turn: everything the client waited for, minus the provider. */
        long overheadNanos() {
            return latencyNanos() - providerNanos;
        }

        boolean ok() {
            return failure == null;
        }
    }
}
