package sh.smarter.prompt.http.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.prompt.IncomingMessage;
import sh.smarter.prompt.core.prompt.PromptCommand;
import sh.smarter.prompt.core.prompt.PromptResult;
import sh.smarter.prompt.core.prompt.SessionChoice;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.http.server.HttpJson;

class PromptResponseJsonTest {
    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private final ChatbotFixture fixture = new ChatbotFixture();

    @Test
    void body_is_a_json_string_holding_the_raw_completion_with_metadata_and_smarter() throws Exception {
        ObjectNode data = PromptResponseJson.of(prompt("hello"), NOW);

        assertThat(ChatConfigJsonTest.names(data)).containsExactly("isBase64Encoded", "statusCode", "headers", "body");
        assertThat(data.get("body").isTextual()).isTrue();
        JsonNode body = HttpJson.MAPPER.readTree(data.get("body").textValue());
        assertThat(ChatConfigJsonTest.names(body)).containsExactly("id", "object", "created", "model", "choices",
                "usage", "metadata", "smarter");
        // The provider's completion is untouched; only what the component renders is escaped.
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("<b>Echo</b>: hello");
        assertThat(body.get("metadata").toString()).isEqualTo("{\"tool_calls\":null,\"model\":\"gpt-4o-mini\","
                + "\"temperature\":0.5,\"max_completion_tokens\":2048,\"input_text\":\"hello\"}");
        assertThat(ChatConfigJsonTest.names(body.get("smarter"))).containsExactly("first_iteration",
                "second_iteration", "iterations", "plugins", "tools", "messages");
        assertThat(body.at("/smarter/second_iteration").isEmpty()).isTrue();
        assertThat(body.at("/smarter/first_iteration/request/messages").isArray()).isTrue();
        assertThat(roles(body)).doesNotContain("user").endsWith("assistant", "smarter");
        JsonNode answer = lastOfRole(body, "assistant");
        assertThat(answer.get("content").asText()).isEqualTo("&lt;b&gt;Echo&lt;/b&gt;: hello");
        assertThat(answer.get("smarter_is_new").booleanValue()).isTrue();
    }

    @Test
    void reports_tool_calls_and_their_results_in_order() throws Exception {
        JsonNode body = body(prompt("What is 1234 * 5678?"));

        assertThat(body.at("/metadata/tool_calls/0/function_name").asText()).isEqualTo("calculator");
        assertThat(body.at("/metadata/tool_calls/0/function_args/expression").asText())
                .isEqualTo("What is 1234 * 5678");
        assertThat(body.at("/smarter/iterations").size()).isEqualTo(2);
        assertThat(body.at("/smarter/second_iteration/response/choices/0/message/content").asText())
                .startsWith("The tool said");
        assertThat(body.at("/smarter/tools").toString()).isEqualTo("[\"calculator\"]");
        assertThat(body.at("/smarter/plugins").toString()).isEqualTo("[\"faq\"]");
        List<String> roles = roles(body);
        assertThat(roles.indexOf("tool")).isBetween(roles.indexOf("assistant") + 1, roles.lastIndexOf("assistant") - 1);
        JsonNode toolRequest = body.at("/smarter/messages/" + roles.indexOf("assistant"));
        assertThat(toolRequest.get("content").isNull()).isTrue();
        assertThat(toolRequest.at("/tool_calls/0/function/name").asText()).isEqualTo("calculator");
        JsonNode tool = body.at("/smarter/messages/" + roles.indexOf("tool"));
        assertThat(tool.get("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(tool.get("name").asText()).isEqualTo("calculator");
    }

    @Test
    void a_provider_failure_still_answers_with_an_error_completion_and_a_smarter_error() throws Exception {
        JsonNode body = body(prompt("please fail"));

        assertThat(body.get("id").asText()).isEqualTo("error_response");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("created").longValue()).isEqualTo(NOW.getEpochSecond());
        assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").asText()).contains("answered 500");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/total_tokens").intValue()).isZero();
        assertThat(roles(body)).contains("smarter_error");
        assertThat(body.at("/smarter/first_iteration/error").asText()).contains("answered 500");
        assertThat(body.at("/metadata/input_text").asText()).isEqualTo("please fail");
    }

    @Test
    void names_the_plugin_that_served_a_tool_call() throws Exception {
        JsonNode body = body(prompt("What are your hours * today?"));
        assertThat(body.at("/smarter/plugins").toString()).isEqualTo("[\"faq\"]");
        assertThat(body.at("/smarter/tools").toString()).contains("calculator", "smarter_plugin_");
    }

    @Test
    void each_round_is_built_once_and_written_straight_from_what_the_provider_received() throws Exception {
        PromptResult result = prompt("What is 1234 * 5678?");

        ObjectNode tree = PromptResponseJson.body(result, NOW);
        JsonNode smarter = tree.get("smarter");
        assertThat(smarter.get("first_iteration")).isSameAs(smarter.get("iterations").get(0));
        assertThat(smarter.get("second_iteration")).isSameAs(smarter.get("iterations").get(1));
        JsonNode written = body(result);
        for (int round = 0; round < 2; round++) {
            ProviderExchange exchange = result.exchanges().get(round);
            assertThat(Json.parse(written.at("/smarter/iterations/" + round + "/request").toString()))
                    .isEqualTo(Json.parse(exchange.request().toJson()));
            assertThat(Json.parse(written.at("/smarter/iterations/" + round + "/response").toString()))
                    .isEqualTo(Json.parse(exchange.response().toJson()));
        }
        JsonObject completion = result.finalCompletion().orElseThrow().raw();
        assertThat(Json.parse(((ObjectNode) written).without(List.of("metadata", "smarter")).toString()))
                .isEqualTo(Json.parse(completion.toJson()));
    }

    @Test
    void a_request_as_the_adapter_sent_it_is_copied_into_the_response_not_written_again() throws Exception {
        PromptResult result = prompt("What is 1234 * 5678?");

        String document = PromptResponseJson.of(result, NOW).get("body").textValue();
        assertThat(result.exchanges()).hasSize(2);
        for (ProviderExchange exchange : result.exchanges()) {
            String sent = exchange.requestText().toString();
            // The fixture's adapter indents; the response's own writer would not.
            assertThat(sent).contains("\n  \"messages\" : [");
            assertThat(document).contains(sent);
        }
    }

    private PromptResult prompt(String text) {
        return fixture.engine.prompts().handle(new PromptCommand(ChatbotRef.named("example"), SessionChoice.NEW,
                List.of(new IncomingMessage("user", text)), null, ClientInfo.UNKNOWN, null));
    }

    private static JsonNode body(PromptResult result) throws Exception {
        return HttpJson.MAPPER.readTree(PromptResponseJson.of(result, NOW).get("body").textValue());
    }

    private static List<String> roles(JsonNode body) {
        List<String> roles = new ArrayList<>();
        body.at("/smarter/messages").forEach(m -> roles.add(m.get("role").asText()));
        return roles;
    }

    private static JsonNode lastOfRole(JsonNode body, String role) {
        JsonNode found = null;
        for (JsonNode m : body.at("/smarter/messages")) {
            if (m.get("role").asText().equals(role)) {
                found = m;
            }
        }
        return found;
    }
}
