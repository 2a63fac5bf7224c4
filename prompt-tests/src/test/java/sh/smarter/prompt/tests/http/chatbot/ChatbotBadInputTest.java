package sh.smarter.prompt.tests.http.chatbot;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.chatbot.Envelopes.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gets a clear 4xx in the error envelope and changes nothing (SPEC 5.2, 9). */
class ChatbotBadInputTest {
    private static final ChatbotServer SERVER = ChatbotServer.inMemory();
    private static final String PROMPT = "api/v1/chatbots/example/prompt/";
    private static String key;

    @BeforeAll
    static void startAConversation() {
        key = SERVER.newSession("example");
        assertThat(SERVER.postJson(PROMPT, ChatbotServer.componentBody(key, "hello")).statusCode())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"messages\": [",
        "{\"messages\": []} trailing",
        "not json at all",
        "[{\"role\": \"user\", \"content\": \"an array, not an object\"}]",
        "{\"messages\": []}",
        "{\"messages\": [{\"role\": \"assistant\", \"content\": \"no user message\"}]}",
        "{\"messages\": [{\"role\": \"user\", \"content\": \"   \"}]}",
        "{\"messages\": {\"role\": \"user\", \"content\": \"not an array\"}}",
        "{\"messages\": [{\"role\": \"user\", \"content\": 42}]}",
        "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"parts\"}]}]}",
        "{\"messages\": [\"hello\"]}",
        "{\"messages\": [{\"content\": \"no role\"}]}",
        "{\"input_text\": 7}"
    })
    void refuses_with_a_400_and_stores_nothing(String body) {
        ChatbotServer.Counts before = SERVER.counts();

        JsonNode error = assertError(SERVER.postJson(PROMPT + "?session_key=" + key, body), 400);

        assertThat(error.at("/metadata/command").asText()).isEqualTo("prompt");
        assertThat(error.at("/error/errorClass").asText()).isNotBlank();
        assertThat(SERVER.counts()).isEqualTo(before);
    }

    @Test
    void refuses_malformed_keys_in_query_body_or_cookie() {
        ChatbotServer.Counts before = SERVER.counts();
        String hello = "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
        assertError(SERVER.postJson(PROMPT + "?session_key=zz" + key, hello), 400);
        assertError(SERVER.postJson(PROMPT, ChatbotServer.componentBody("not-a-key", "hi")), 400);
        assertError(SERVER.postJson(PROMPT, ChatbotServer.componentBody(key + "0", "hi")), 400);
        assertError(SERVER.send(SERVER.request(PROMPT).header("Content-Type", "application/json")
                .header("Cookie", "session_key=" + key.substring(1)).POST(HttpRequest.BodyPublishers.ofString(hello))),
                400);
        assertThat(SERVER.counts()).isEqualTo(before);
    }

    @Test
    void refuses_a_body_over_the_limit_with_413() {
        ChatbotServer.Counts before = SERVER.counts();
        String big = "{\"messages\": [{\"role\": \"user\", \"content\": \"" + "x".repeat(1024 * 1024 + 10) + "\"}]}";

        assertError(SERVER.postJson(PROMPT + "?session_key=" + key, big), 413);

        assertThat(SERVER.counts()).isEqualTo(before);
    }

    @Test
    void reads_a_refused_body_of_moderate_size_before_answering_and_answers_a_huge_one_at_once() throws IOException {
        URI url = URI.create(SERVER.url(PROMPT + "?session_key=" + key));
        int oversized = 1024 * 1024 + 10;
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.getOutputStream().write(head(url, oversized));
            // Answering before the body is read would make the kernel reset the connection under the client.
            assertThat(readWithin(socket, 300)).as("no answer while the body is still to come").isEmpty();
            socket.getOutputStream().write(new byte[oversized]);
            assertThat(readWithin(socket, 10_000)).startsWith("HTTP/1.1 413");
        }
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.getOutputStream().write(head(url, 64L * 1024 * 1024));
            assertThat(readWithin(socket, 10_000)).as("64 MB are not read").startsWith("HTTP/1.1 413");
        }
    }

    private static byte[] head(URI url, long contentLength) {
        return ("POST " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** What the server sent within {@code millis}: "" when nothing came. */
    private static String readWithin(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        byte[] buffer = new byte[4096];
        try {
            int read = socket.getInputStream().read(buffer);
            return read < 0 ? "" : new String(buffer, 0, read, StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException nothingYet) {
            return "";
        }
    }

    @Test
    void refuses_other_content_types_with_415() {
        ChatbotServer.Counts before = SERVER.counts();
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "text/html"}) {
            HttpResponse<String> response = SERVER.send(SERVER.request(PROMPT + "?session_key=" + key)
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")));
            assertError(response, 415);
        }
        assertError(SERVER.send(SERVER.request("api/v1/chatbots/example/config/").header("Content-Type",
                "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}"))), 415);
        assertThat(SERVER.counts()).isEqualTo(before);
    }

    @Test
    void refuses_unknown_chatbots_with_not_found() {
        ChatbotServer.Counts before = SERVER.counts();
        assertError(SERVER.postJson("api/v1/chatbots/nobody/prompt/", ChatbotServer.componentBody("", "hi")),
                404);
        assertError(SERVER.postJson("api/v1/chatbots/Bad%20Name!/prompt/",
                ChatbotServer.componentBody("", "hi")), 404);
        assertThat(SERVER.counts()).isEqualTo(before);
    }

    @Test
    void every_response_carries_a_request_id_and_unknown_paths_the_envelope() {
        Envelopes.assertRequestId(SERVER.postJson(PROMPT, ChatbotServer.componentBody(key, "hello again")));
        assertError(SERVER.get("api/v1/chatbots/example/nothing-here/"), 404);
        HttpResponse<String> own = SERVER.send(SERVER.request("api/v1/chatbots/example/config/")
                .header("X-Request-Id", "client-chosen-id-42").GET());
        assertThat(own.headers().firstValue("X-Request-Id")).contains("client-chosen-id-42");
    }
}
