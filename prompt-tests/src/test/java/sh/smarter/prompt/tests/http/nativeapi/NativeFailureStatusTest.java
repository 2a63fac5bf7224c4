package sh.smarter.prompt.tests.http.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.nativeapi.PromptApiServer.input;
import static sh.smarter.prompt.tests.http.nativeapi.PromptApiServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.Reply;

/**
 * The native API says what happened when a turn ends without an answer: the model looping on tools is 422
 * {@code SmarterToolRoundLimit}, a provider that cannot be called as configured (here: its API key is missing) is
 * 503 {@code SmarterProviderConfigurationError}; both listed in the OpenAPI document. The compatibility endpoint
 * still answers 200 with the {@code smarter_error} line, as the React component expects.
 */
class NativeFailureStatusTest {
    @RegisterExtension
    static final PromptApiServer api = PromptApiServer.start();

    @BeforeAll
    static void chatbotWithoutItsKey() {
        Instant created = Instant.parse("2026-11-26T07:00:00Z");
        api.catalog.saveProvider(new ProviderSettings(0, api.accountA.id(), "keyed", api.fake.url(),
                Secret.env("SMARTER_TEST_UNSET_PROVIDER_KEY_13"), "fake-model", true, created, created));
        api.catalog.saveChatbot(Chatbot.builder("keyless").accountId(api.accountA.id()).provider("keyed")
                .createdAt(created).build());
    }

    private static void loopOnTools() {
        api.fake.otherwise(Reply.toolCalls(FakeOpenAiServer.toolCall("calculator", "{\"expression\": \"1+1\"}")));
    }

    private static JsonNode failure(HttpResponse<String> response, int status, String errorClass) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = json(response);
        assertThat(error.get("error").get("errorClass").asText()).isEqualTo(errorClass);
        assertThat(error.get("error").get("status").asText()).isEqualTo(String.valueOf(status));
        assertThat(error.get("session_key").asText()).matches("[0-9a-f]{64}");
        return error;
    }

    @Test
    void the_tool_round_limit_is_422_and_the_turn_is_stored() {
        loopOnTools();
        JsonNode error = failure(api.postJson("api/v2/chatbots/example/prompt", null, input("loop forever")), 422,
                "SmarterToolRoundLimit");
        assertThat(error.get("description").asText()).contains("rounds of tool calls");
        List<Message> stored = api.storedMessages(api.example, error.get("session_key").asText());
        assertThat(stored.get(stored.size() - 1).role()).isEqualTo(Role.SMARTER_ERROR);
    }

    @Test
    void a_missing_provider_key_is_503_with_its_own_class_and_no_retry_after() {
        HttpResponse<String> response = api.postJson("api/v2/chatbots/keyless/prompt", null, input("hello"));
        JsonNode error = failure(response, 503, "SmarterProviderConfigurationError");
        assertThat(error.get("description").asText()).contains("has no API key", "SMARTER_TEST_UNSET_PROVIDER_KEY_13");
        assertThat(response.headers().firstValue("Retry-After")).as("waiting does not help").isEmpty();
        assertThat(api.fake.requestCount()).as("the provider is never called").isZero();
    }

    @Test
    void the_open_api_document_lists_both_statuses() {
        JsonNode doc = json(api.get("api/v2/openapi.json", null));
        for (String path : List.of("/api/v2/chatbots/{name}/prompt", "/api/v2/chatbots/{name}/sessions/{session_key}/prompt")) {
            JsonNode responses = doc.get("paths").get(path).get("post").get("responses");
            assertThat(responses.get("422").get("$ref").asText()).isEqualTo("#/components/responses/ToolRoundLimit");
            assertThat(responses.get("503").get("$ref").asText())
                    .isEqualTo("#/components/responses/PromptUnavailable");
        }
        JsonNode components = doc.get("components").get("responses");
        assertThat(components.get("ToolRoundLimit").get("description").asText()).contains("SmarterToolRoundLimit");
        assertThat(components.get("PromptUnavailable").get("description").asText())
                .contains("SmarterProviderConfigurationError");
    }

    @Test
    void the_compatibility_endpoint_still_answers_200_with_the_smarter_error_line() {
        loopOnTools();
        for (String chatbot : List.of("example", "keyless")) {
            String key = json(api.postJson("api/v1/chatbots/" + chatbot + "/config/", null, "")).get("data")
                    .get("session_key").asText();
            HttpResponse<String> response = api.postJson("api/v1/chatbots/" + chatbot + "/prompt/", null,
                    "{\"session_key\": \"" + key + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = json(json(response).get("data").get("body").asText());
            assertThat(body.get("smarter").get("messages").findValuesAsText("role")).contains("smarter_error");
        }
    }
}
