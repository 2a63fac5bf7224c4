package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the React chat component does, over HTTP/1.1: load the configuration object of the example chatbot (which
 * mints a session), then post prompts to it. Only the new user message is sent, as the CLI does; the component
 * sends its whole visible history, which the server ignores once the session has one.
 */
final class PromptClient {
    static final String CHATBOT = "example";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient http;
    private final String chatbotUrl;
    private volatile String lastPromptResponse;

    /** @param serverUrl the server's base URL, ending with "/" */
    PromptClient(String serverUrl, ExecutorService asyncExecutor) {
        this.chatbotUrl = serverUrl + "api/v1/chatbots/" + CHATBOT + "/";
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30));
        this.http = (asyncExecutor == null ? builder : builder.executor(asyncExecutor)).build();
    }

    PromptClient(String serverUrl) {
        this(serverUrl, null);
    }

    /** A new session of the example chatbot, as a page load makes it. */
    String newSession() {
        ConfigSample config = config(null);
        if (config.status() != 200) {
            throw new IllegalStateException("the configuration request answered " + config.status());
        }
        return BenchJson.parse(config.body()).path("data").path("session_key").asText();
    }

    /** The configuration object of the session (or of a new one when the key is null), timed. */
    ConfigSample config(String sessionKey) {
        String query = sessionKey == null ? "" : "?session_key=" + sessionKey;
        HttpRequest request = post(chatbotUrl + "config/" + query, "{}");
        long start = System.nanoTime();
        HttpResponse<String> response = send(request);
        long nanos = System.nanoTime() - start;
        return new ConfigSample(response.statusCode(), nanos, utf8Length(response.body()), response.body());
    }

    /**
     * One prompt turn, timed from the request leaving to the whole answer read, with the provider's part of it.
     *
     * @param provider the fake behind the server, or null for a server without one (the bare ceiling)
     */
    TurnSample turn(String sessionKey, TimedFakeProvider provider, TimedFakeProvider.Question question) {
        HttpRequest request = promptRequest(sessionKey, question.text());
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = send(request);
        } catch (RuntimeException e) {
            return TurnSample.failed(start, System.nanoTime(), e.toString());
        }
        long end = System.nanoTime();
        long providerNanos = provider == null ? 0 : provider.takeProviderNanos(question);
        String failure = failureOf(response.statusCode(), response.body());
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

    /** Sessions made as fast as the server takes them, a few at a time. */
    List<String> newSessions(int count) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                keys.add(pool.submit(this::newSession));
            }
            List<String> sessions = new ArrayList<>(count);
            for (Future<String> key : keys) {
                sessions.add(key.get());
            }
            return sessions;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create the sessions", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The prompt, sent without waiting, for the concurrency ramp. */
    CompletableFuture<HttpResponse<String>> turnAsync(String sessionKey, TimedFakeProvider.Question question) {
        return http.sendAsync(promptRequest(sessionKey, question.text()), HttpResponse.BodyHandlers.ofString());
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

    /** A request body as the React component sends it: the session key and the new user message. */
    static String promptBody(String sessionKey, String text) {
        ObjectNode body = BenchJson.object().put("session_key", sessionKey);
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return body.toString();
    }

    private HttpRequest promptRequest(String sessionKey, String text) {
        return post(chatbotUrl + "prompt/?session_key=" + sessionKey, promptBody(sessionKey, text));
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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

    /** One configuration request. */
    record ConfigSample(int status, long nanos, int bytes, String body) {
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
