package sh.smarter.prompt.tests.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * The calls a browser, the React component or a script makes to a running server, over real HTTP, for the tests
 * and the benchmarks alike: a new session from the configuration endpoint, a prompt through the native API or the
 * compatibility endpoint, plain GETs. Failures to connect come back as {@link UncheckedIOException} (a killed
 * server, a refused connection).
 */
public final class PromptClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Prompts sent without waiting queue behind thousands of others in the benchmark's concurrency ramp. */
    private static final Duration ASYNC_REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient http;
    private final String baseUrl;

    /** @param baseUrl the server's URL ending with "/" */
    public PromptClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /**
     * A client for many prompts in flight at once, over HTTP/1.1 as the React component's browser sends them.
     *
     * @param callbacks the JDK client's callback threads
     */
    public PromptClient(String baseUrl, ExecutorService callbacks) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).executor(callbacks).build();
    }

    /** The path of a chatbot's configuration endpoint (which mints a session when given none). */
    public static String configPath(String chatbot) {
        return "api/v1/chatbots/" + chatbot + "/config/";
    }

    /** The path the React component posts a prompt to. */
    public static String compatPromptPath(String chatbot, String sessionKey) {
        return "api/v1/chatbots/" + chatbot + "/prompt/?session_key=" + sessionKey;
    }

    /** A prompt body as the React component sends it: the session key and the new user message. */
    public static String compatPromptBody(String sessionKey, String input) {
        ObjectNode body = JSON.createObjectNode().put("session_key", sessionKey);
        body.putArray("messages").addObject().put("role", "user").put("content", input);
        return body.toString();
    }

    /** The session key a configuration answer carries. */
    public static String sessionKeyOf(String configBody) {
        return json(configBody).at("/data/session_key").asText();
    }

    /** A new, empty session of the chatbot, as the React component starts one. */
    public String newSession(String chatbot) {
        HttpResponse<String> config = postJson(configPath(chatbot), "{}");
        if (config.statusCode() != 200) {
            throw new AssertionError("config of " + chatbot + " answered " + config.statusCode() + ": "
                    + config.body());
        }
        return sessionKeyOf(config.body());
    }

    /** A prompt through the native API: 200 with the answer and the turn id, or a real error status. */
    public HttpResponse<String> nativePrompt(String chatbot, String sessionKey, String input) {
        ObjectNode body = JSON.createObjectNode().put("input", input);
        return postJson("api/v2/chatbots/" + chatbot + "/sessions/" + sessionKey + "/prompt", body.toString());
    }

    /** A prompt as the React component posts it: the answer, or a provider error, inside a 200. */
    public HttpResponse<String> compatPrompt(String chatbot, String sessionKey, String input) {
        return postJson(compatPromptPath(chatbot, sessionKey), compatPromptBody(sessionKey, input));
    }

    /** The same prompt, sent without waiting for the answer. */
    public CompletableFuture<HttpResponse<String>> compatPromptAsync(String chatbot, String sessionKey,
                                                                     String input) {
        HttpRequest request = request(compatPromptPath(chatbot, sessionKey)).timeout(ASYNC_REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(compatPromptBody(sessionKey, input))).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpClient http() {
        return http;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).join();
        } catch (CompletionException e) {
            // No answer: refused, reset by a killed server, or timed out.
            throw e.getCause() instanceof IOException io ? new UncheckedIOException(io) : e;
        }
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The {@code smarter.messages} of a compatibility prompt response: what the React component renders. */
    public static List<JsonNode> renderedMessages(HttpResponse<String> compatResponse) {
        JsonNode body = json(json(compatResponse.body()).at("/data/body").asText());
        List<JsonNode> messages = new ArrayList<>();
        body.at("/smarter/messages").forEach(messages::add);
        return messages;
    }
}
