package sh.smarter.prompt.tests.http.smartercli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import sh.smarter.prompt.tests.http.nativeapi.PromptApiServer;

/**
 * Calls the CLI endpoints the way the {@code smarter} Go client does: POST to a lowercased URL ending in "/",
 * parameters in the query, {@code Content-Type: application/json}, {@code Authorization: Token <key>}, and an
 * empty body unless it posts a prompt or a manifest.
 */
final class CliClient {
    private final PromptApiServer api;

    CliClient(PromptApiServer api) {
        this.api = api;
    }

    HttpResponse<String> post(String path, String apiKey) {
        return post(path, apiKey, "");
    }

    HttpResponse<String> post(String path, String apiKey, String body) {
        return api.postJson("api/v1/cli/" + path, apiKey, body);
    }

    /** A successful answer: exactly 200 and a JSON object with the envelope of SPEC 5.1. */
    static JsonNode ok(HttpResponse<String> response, String command, String thing) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = PromptApiServer.json(response);
        assertThat(json.isObject()).isTrue();
        assertThat(json.get("api").asText()).isEqualTo("smarter.sh/v1");
        assertThat(json.get("metadata")).isEqualTo(PromptApiServer.json("{\"command\": \"" + command
                + "\", \"thing\": \"" + thing + "\"}"));
        return json;
    }

    /** An error with the envelope; {@code description} and {@code context} at the top, where the CLI reads them. */
    static JsonNode error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode json = PromptApiServer.json(response);
        assertThat(json.get("description").asText()).isNotBlank();
        assertThat(json.get("context").asText()).startsWith("thing=");
        assertThat(json.get("error").get("status").asText()).isEqualTo(String.valueOf(status));
        return json;
    }

    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /**
     * A get answer's table: what the Go client's tabular output needs. Every item has exactly the titles' names,
     * and every DateTimeField value parses as RFC 3339.
     */
    static JsonNode table(HttpResponse<String> response, String thing) {
        JsonNode json = ok(response, "get", thing);
        assertThat(keys(json)).containsExactlyInAnyOrder("data", "message", "api", "metadata");
        JsonNode data = json.get("data");
        assertThat(keys(data)).containsExactly("apiVersion", "kind", "metadata", "kwargs", "data");
        assertThat(data.get("apiVersion").asText()).isEqualTo("smarter.sh/v1");
        assertThat(data.get("kind").asText()).isEqualTo(thing);
        JsonNode titles = data.get("data").get("titles");
        JsonNode items = data.get("data").get("items");
        assertThat(data.get("metadata").get("count").asInt()).isEqualTo(items.size());
        List<String> names = new ArrayList<>();
        titles.forEach(title -> {
            assertThat(keys(title)).containsExactly("name", "type");
            assertThat(title.get("type").asText()).matches("CharField|DateTimeField|IntegerField|BooleanField");
            names.add(title.get("name").asText());
        });
        items.forEach(item -> {
            assertThat(keys(item)).isEqualTo(names);
            titles.forEach(title -> {
                JsonNode value = item.get(title.get("name").asText());
                if (title.get("type").asText().equals("DateTimeField") && !value.isNull()) {
                    assertThat(OffsetDateTime.parse(value.asText())).isNotNull();
                }
            });
        });
        return data;
    }
}
