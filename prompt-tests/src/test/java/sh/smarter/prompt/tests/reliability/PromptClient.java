package sh.smarter.prompt.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CompletionException;

/**
 * The calls a browser, the React component or a script makes to a running server, over real HTTP: a new session
 * from the configuration endpoint, a prompt through the native API or the compatibility endpoint, plain GETs.
 * Failures to connect come back as {@link UncheckedIOException} (a killed server, a refused connection).
 */
final class PromptClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;

    /** @param baseUrl the server's URL ending with "/" */
    PromptClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A new, empty session of the chatbot, as the React component starts one. */
    String newSession(String chatbot) {
        HttpResponse<String> config = send(request("api/v1/chatbots/" + chatbot + "/config/")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(config.statusCode()).as("config of %s: %s", chatbot, config.body()).isEqualTo(200);
        return json(config.body()).at("/data/session_key").asText();
    }

    /** A prompt through the native API: 200 with the answer and the turn id, or a real error status. */
    HttpResponse<String> nativePrompt(String chatbot, String sessionKey, String input) {
        ObjectNode body = JSON.createObjectNode().put("input", input);
        return postJson("api/v2/chatbots/" + chatbot + "/sessions/" + sessionKey + "/prompt", body.toString());
    }

    /** A prompt as the React component posts it: the answer, or a provider error, inside a 200. */
    HttpResponse<String> compatPrompt(String chatbot, String sessionKey, String input) {
        ObjectNode body = JSON.createObjectNode().put("session_key", sessionKey);
        body.putArray("messages").addObject().put("role", "user").put("content", input);
        return postJson("api/v1/chatbots/" + chatbot + "/prompt/?session_key=" + sessionKey, body.toString());
    }

    HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpClient http() {
        return http;
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).join();
        } catch (CompletionException e) {
            // No answer: refused, reset by a killed server, or timed out.
            throw e.getCause() instanceof IOException io ? new UncheckedIOException(io) : e;
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The {@code smarter.messages} of a compatibility prompt response: what the React component renders. */
    static List<JsonNode> renderedMessages(HttpResponse<String> compatResponse) {
        JsonNode body = json(json(compatResponse.body()).at("/data/body").asText());
        List<JsonNode> messages = new ArrayList<>();
        body.at("/smarter/messages").forEach(messages::add);
        return messages;
    }

    /**
     * What every error answer must be (SPEC 5.1): the error envelope with a class and a description, the API
     * version and the metadata, and no stack trace or exception class name anywhere in the body.
     */
    static JsonNode assertErrorEnvelope(String what, int status, String body) {
        assertNoStackTrace(what, body);
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(what + ": HTTP " + status + " without a JSON error envelope: " + clip(body), e);
        }
        assertThat(json.at("/error/errorClass").asText()).as("%s: error.errorClass in %s", what, clip(body))
                .isNotBlank();
        assertThat(json.at("/error/status").asText()).as("%s: error.status", what).isEqualTo(String.valueOf(status));
        assertThat(json.path("description").asText()).as("%s: description in %s", what, clip(body)).isNotBlank();
        assertThat(json.path("api").asText()).as("%s: api", what).isEqualTo("smarter.sh/v1");
        assertThat(json.path("metadata").isObject()).as("%s: metadata in %s", what, clip(body)).isTrue();
        return json;
    }

    static void assertNoStackTrace(String what, String body) {
        assertThat(body).as("%s: the body shows no stack trace or exception class", what)
                .doesNotContain("\tat ", "at sh.smarter", "at java.", "at org.", "at io.", "Caused by",
                        "Exception", "\tat");
    }

    static String clip(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
