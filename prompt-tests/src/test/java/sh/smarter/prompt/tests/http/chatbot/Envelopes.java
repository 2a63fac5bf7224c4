package sh.smarter.prompt.tests.http.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Assertions on the envelope of SPEC 5.1 that every chatbot endpoint answers with. */
final class Envelopes {
    private Envelopes() {
    }

    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static JsonNode assertSuccess(HttpResponse<String> response, String command, String thing) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertRequestId(response);
        JsonNode json = ChatbotServer.json(response);
        assertThat(keys(json)).containsExactly("data", "api", "metadata");
        assertThat(json.get("api").asText()).isEqualTo("smarter.sh/v1");
        assertThat(json.get("metadata").toString())
                .isEqualTo("{\"command\":\"" + command + "\",\"thing\":\"" + thing + "\"}");
        return json.get("data");
    }

    /** The error envelope with the given status, no stack trace, and the request id of the response header. */
    static JsonNode assertError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        String requestId = assertRequestId(response);
        JsonNode json = ChatbotServer.json(response);
        assertThat(keys(json)).contains("error", "description", "context", "api", "metadata");
        assertThat(keys(json.get("error"))).containsExactly("errorClass", "description", "status", "args", "cause",
                "context", "thing", "command");
        assertThat(json.at("/error/status").asText()).isEqualTo(String.valueOf(status));
        assertThat(json.get("description").asText()).isNotBlank().isEqualTo(json.at("/error/description").asText());
        assertThat(json.get("context").asText()).isEqualTo(json.at("/error/context").asText());
        assertThat(json.get("request_id").asText()).isEqualTo(requestId);
        assertNoStackTrace(response.body());
        return json;
    }

    static void assertNoStackTrace(String body) {
        // The only "stacktrace" allowed is the empty top-level field the smarter CLI reads.
        assertThat(body.replace("\"stacktrace\":\"\"", "")).doesNotContain("\tat ", "at sh.smarter", "at io.javalin",
                "at java.", "Exception:", "Caused by", "stacktrace", "Stack trace");
    }

    static String assertRequestId(HttpResponse<String> response) {
        String id = response.headers().firstValue("X-Request-Id").orElse("");
        assertThat(id).as("X-Request-Id").matches("[A-Za-z0-9._:-]{8,64}");
        return id;
    }
}
