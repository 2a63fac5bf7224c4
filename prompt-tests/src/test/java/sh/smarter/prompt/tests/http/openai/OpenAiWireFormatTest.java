package sh.smarter.prompt.tests.http.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.nativeapi.PromptApiServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.http.nativeapi.PromptApiServer;

/**
 * The /v1 endpoint on the wire, as a client without an SDK sees it: the exact error shape, the event stream's frames,
 * anonymous use of a public chatbot, and CORS.
 */
class OpenAiWireFormatTest {
    private static final String COMPLETIONS = "v1/chat/completions";

    @RegisterExtension
    static final PromptApiServer api = PromptApiServer.start();

    private static HttpResponse<String> post(String apiKey, String body) {
        HttpRequest.Builder request = api.request(COMPLETIONS, null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return api.send(apiKey == null ? request : request.header("Authorization", "Bearer " + apiKey));
    }

    private static List<String> keys(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void every_error_has_open_ais_shape() {
        for (HttpResponse<String> response : List.of(
                post(api.keyOfA, "{\"model\": \"example\", \"messages\": []}"),
                post(api.keyOfA, "{\"model\": \"example\", \"messages\": [{\"role\": \"user\", \"content\": "
                        + "[{\"type\": \"image_url\", \"image_url\": {\"url\": \"https://x.example/a.png\"}}]}]}"),
                post(api.keyOfA, "{not json"),
                post("spk_unknown", "{\"model\": \"example\", \"messages\": [{\"role\": \"user\", \"content\": "
                        + "\"Hi\"}]}"),
                post(api.keyOfA, "{\"model\": \"nobody\", \"messages\": [{\"role\": \"user\", \"content\": "
                        + "\"Hi\"}]}"),
                post(null, "{\"model\": \"locked\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}"))) {
            JsonNode body = json(response);
            assertThat(keys(body)).as(response.body()).containsExactly("error");
            assertThat(keys(body.get("error"))).containsExactly("message", "type", "param", "code");
            assertThat(body.get("error").get("message").asText()).isNotBlank();
            assertThat(response.statusCode()).isBetween(400, 404);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        }
        assertThat(api.fake.requests()).isEmpty();
    }

    @Test
    void a_body_over_the_limit_is_413_in_open_ais_shape() {
        String big = "x".repeat(1_100_000);
        HttpResponse<String> response = post(api.keyOfA, "{\"model\": \"example\", \"messages\": [{\"role\": "
                + "\"user\", \"content\": \"" + big + "\"}]}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(keys(json(response).get("error"))).containsExactly("message", "type", "param", "code");
        assertThat(api.fake.requests()).isEmpty();
    }

    @Test
    void a_public_chatbot_answers_without_a_key_and_text_parts_are_joined() {
        api.fake.otherwise(FakeOpenAiServer.echo());
        HttpResponse<String> response = post(null, "{\"model\": \"example\", \"messages\": [{\"role\": \"user\", "
                + "\"content\": [{\"type\": \"text\", \"text\": \"first part\"}, {\"type\": \"text\", \"text\": "
                + "\"second part\"}]}], \"temperature\": 0.2, \"user\": \"someone\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode completion = json(response);
        assertThat(keys(completion)).contains("id", "object", "created", "model", "choices", "usage");
        assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.get("choices").get(0).get("message").get("content").asText())
                .isEqualTo("Echo: first part\nsecond part");
        assertThat(response.headers().firstValue("X-Smarter-Session-Key").orElseThrow()).matches("[0-9a-f]{64}");
    }

    @Test
    void a_stream_is_data_frames_of_chunks_ending_in_done() {
        api.fake.answer("Hello there, streamed");
        HttpResponse<String> response = post(api.keyOfA, "{\"model\": \"example\", \"stream\": true, "
                + "\"stream_options\": {\"include_usage\": true}, \"messages\": [{\"role\": \"user\", \"content\": "
                + "\"Hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(response.headers().firstValue("X-Smarter-Session-Key")).isPresent();
        List<String> frames = Arrays.stream(response.body().split("\n\n")).filter(f -> !f.isBlank()).toList();
        assertThat(frames).allMatch(frame -> frame.startsWith("data: ") && !frame.contains("\n"));
        assertThat(frames.get(frames.size() - 1)).isEqualTo("data: [DONE]");
        List<JsonNode> chunks = frames.subList(0, frames.size() - 1).stream()
                .map(frame -> json(frame.substring("data: ".length()))).toList();
        assertThat(chunks).allMatch(c -> c.get("object").asText().equals("chat.completion.chunk"));
        assertThat(chunks.get(0).get("choices").get(0).get("delta").get("role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.get("choices").forEach(choice -> text.append(choice.get("delta").path("content")
                .asText(""))));
        assertThat(text).hasToString("Hello there, streamed");
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.get("usage").get("total_tokens").asLong()).isPositive();
    }

    @Test
    void cors_allows_the_session_header_and_the_sdk_headers_and_exposes_the_session_key() {
        String origin = api.server.localUrl().substring(0, api.server.localUrl().length() - 1);
        HttpResponse<String> preflight = api.send(api.request(COMPLETIONS, null).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type, x-smarter-session-key, "
                        + "x-stainless-os, x-stainless-retry-count")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(origin);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .contains("authorization", "content-type", "x-smarter-session-key", "x-stainless-os",
                        "x-stainless-retry-count");

        HttpResponse<String> refused = api.send(api.request(COMPLETIONS, null).header("Origin",
                "https://evil.example.net").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        api.fake.answer("hi");
        HttpResponse<String> actual = api.send(api.request(COMPLETIONS, null).header("Origin", origin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"example\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}")));
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
                .contains("X-Smarter-Session-Key");
    }
}
