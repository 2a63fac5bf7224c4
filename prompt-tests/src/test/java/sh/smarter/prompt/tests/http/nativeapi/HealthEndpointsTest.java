package sh.smarter.prompt.tests.http.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.nativeapi.PromptApiServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code /health} answers while the process lives; {@code /ready} only while the database answers. */
class HealthEndpointsTest {

    @Test
    void health_and_readiness_with_a_reachable_database() {
        try (PromptApiServer api = PromptApiServer.start()) {
            HttpResponse<String> health = api.get("health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(json(health)).isEqualTo(json("{\"status\": \"ok\"}"));
            HttpResponse<String> ready = api.get("ready", null);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(json(ready)).isEqualTo(json("{\"status\": \"ready\", \"database\": \"reachable\"}"));
        }
    }

    @Test
    void not_ready_while_the_database_is_unreachable() {
        try (PromptApiServer api = PromptApiServer.withUnreachableStore()) {
            assertThat(api.get("health", null).statusCode()).isEqualTo(200);
            HttpResponse<String> ready = api.get("ready", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.headers().firstValue("Retry-After")).isPresent();
            JsonNode body = json(ready);
            assertThat(body.get("status").asText()).isEqualTo("not_ready");
            assertThat(body.get("database").asText()).isEqualTo("unreachable");
            assertThat(body.get("error").get("status").asText()).isEqualTo("503");
            assertThat(body.has("description") && body.has("context") && body.has("request_id")).isTrue();
        }
    }
}
