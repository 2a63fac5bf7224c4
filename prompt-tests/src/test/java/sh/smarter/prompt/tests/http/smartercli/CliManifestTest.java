package sh.smarter.prompt.tests.http.smartercli;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.smartercli.CliClient.error;
import static sh.smarter.prompt.tests.http.smartercli.CliClient.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import sh.smarter.prompt.tests.http.nativeapi.PromptApiServer;

/** {@code smarter apply|describe|delete|manifest}: resources as YAML or JSON manifests, scoped to the key's account. */
class CliManifestTest {
    private static final String YAML_BOT = """
            apiVersion: smarter.sh/v1
            kind: Chatbot
            metadata:
              name: yaml_bot
              description: Applied from YAML
              version: 1.0.0
            spec:
              config:
                provider: fake
                defaultModel: fake-model
                defaultTemperature: 0.5
                appName: YAML bot
                appExamplePrompts:
                  - What is 2+2?
                deployed: true
              functions: [calculator]
              plugins: []
            """;

    @RegisterExtension
    static final PromptApiServer api = PromptApiServer.start();
    private static final CliClient cli = new CliClient(api);

    private static HttpResponse<String> apply(String contentType, String body, String key) {
        return api.post("api/v1/cli/apply/", key, contentType, body);
    }

    @Test
    void applying_yaml_is_idempotent() {
        JsonNode created = ok(apply("application/yaml", YAML_BOT, api.keyOfA), "apply", "Chatbot");
        assertThat(created.get("data")).isEqualTo(PromptApiServer.json(
                "{\"kind\": \"Chatbot\", \"name\": \"yaml_bot\", \"outcome\": \"created\"}"));
        assertThat(created.get("message").asText()).contains("yaml_bot", "applied");
        assertThat(api.catalog.findChatbot(api.accountA.id(), "yaml_bot")).isPresent();

        JsonNode again = ok(apply("application/yaml", YAML_BOT, api.keyOfA), "apply", "Chatbot");
        assertThat(again.get("data").get("outcome").asText()).isEqualTo("unchanged");
        assertThat(again.get("message").asText()).contains("unchanged");

        JsonNode changed = ok(apply("application/yaml", YAML_BOT.replace("Applied from YAML", "Changed"),
                api.keyOfA), "apply", "Chatbot");
        assertThat(changed.get("data").get("outcome").asText()).isEqualTo("updated");
    }

    @Test
    void applying_json_is_idempotent_and_yaml_labelled_json_works_like_the_go_client_sends_it() throws Exception {
        JsonNode manifest = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(
                YAML_BOT.replace("yaml_bot", "json_bot"));
        String json = PromptApiServer.JSON.writeValueAsString(manifest);
        assertThat(ok(apply("application/json", json, api.keyOfA), "apply", "Chatbot").get("data").get("outcome")
                .asText()).isEqualTo("created");
        assertThat(ok(apply("application/json", json, api.keyOfA), "apply", "Chatbot").get("data").get("outcome")
                .asText()).isEqualTo("unchanged");
        // The Go client posts the YAML file as it is, labelled application/json.
        String goClientYaml = YAML_BOT.replace("yaml_bot", "go_client_bot");
        assertThat(ok(cli.post("apply/", api.keyOfA, goClientYaml), "apply", "Chatbot").get("data").get("outcome")
                .asText()).isEqualTo("created");
        // Applied in the key's own account, invisible to the other.
        assertThat(api.catalog.findChatbot(api.accountA.id(), "go_client_bot")).isPresent();
        assertThat(api.catalog.findChatbot(api.accountB.id(), "go_client_bot")).isEmpty();
    }

    @Test
    void invalid_manifests_are_400_naming_the_field_and_store_nothing() {
        JsonNode temperature = error(apply("application/yaml", YAML_BOT.replace("yaml_bot", "hot_bot")
                .replace("defaultTemperature: 0.5", "defaultTemperature: 7"), api.keyOfA), 400);
        assertThat(temperature.get("description").asText()).contains("spec.config.defaultTemperature");
        JsonNode unknown = error(apply("application/yaml", YAML_BOT.replace("yaml_bot", "odd_bot")
                .replace("deployed: true", "deployed: true\n    colour: blue"), api.keyOfA), 400);
        assertThat(unknown.get("description").asText()).contains("spec.config.colour");
        JsonNode malformed = error(apply("application/yaml", "kind: [Chatbot\nmetadata: {", api.keyOfA), 400);
        assertThat(malformed.get("description").asText()).contains("malformed YAML");
        JsonNode badJson = error(apply("application/json", "{\"kind\": ", api.keyOfA), 400);
        assertThat(badJson.get("description").asText()).contains("malformed JSON");
        error(apply("application/yaml", "", api.keyOfA), 400);
        error(apply("application/yaml", "- just\n- a list\n", api.keyOfA), 400);
        error(apply("application/yaml", YAML_BOT.replace("yaml_bot", "nobody_bot"), null), 401);
        for (String name : List.of("hot_bot", "odd_bot", "nobody_bot")) {
            assertThat(api.catalog.findChatbot(api.accountA.id(), name)).as(name).isEmpty();
        }
    }

    @Test
    void describe_and_delete_a_resource() {
        ok(apply("application/yaml", YAML_BOT.replace("yaml_bot", "short_lived"), api.keyOfA), "apply", "Chatbot");
        JsonNode described = ok(cli.post("describe/chatbot/?name=short_lived", api.keyOfA), "describe", "Chatbot");
        assertThat(described.get("data").get("kind").asText()).isEqualTo("Chatbot");
        assertThat(described.get("data").get("metadata").get("name").asText()).isEqualTo("short_lived");
        assertThat(described.get("data").get("status").get("accountNumber").asText())
                .isEqualTo(api.accountA.number().value());
        error(cli.post("describe/chatbot/", api.keyOfA), 400);
        error(cli.post("describe/chatbot/?name=short_lived", api.keyOfB), 404);
        error(cli.post("delete/chatbot/?name=short_lived", api.keyOfB), 404);

        JsonNode deleted = ok(cli.post("delete/llmclient/?name=short_lived", api.keyOfA), "delete", "Chatbot");
        assertThat(deleted.get("message").asText()).contains("deleted");
        error(cli.post("describe/chatbot/?name=short_lived", api.keyOfA), 404);
        error(cli.post("delete/chatbot/?name=short_lived", api.keyOfA), 404);
        error(cli.post("describe/chat/?name=x", api.keyOfA), 400);
    }

    @Test
    void delete_a_chat_session_by_its_key() {
        String key = ok(cli.post("chat/example/?uid=to-delete", api.keyOfA, "{\"prompt\": \"bye\"}"), "chat",
                "Chat").get("data").get("request").get("session_key").asText();
        error(cli.post("delete/chat/?session_key=" + key, api.keyOfB), 404);
        JsonNode deleted = ok(cli.post("delete/chat/?session_key=" + key, api.keyOfA), "delete", "Chat");
        assertThat(deleted.get("data").get("session_key").asText()).isEqualTo(key);
        error(cli.post("get/chathistory/?session_key=" + key, api.keyOfA), 404);
        error(cli.post("delete/chat/?session_key=" + key, api.keyOfA), 404);
        error(cli.post("delete/chat/", api.keyOfA), 400);
    }

    @Test
    void example_manifests_under_every_name() {
        for (String command : List.of("example_manifest", "example-manifest", "manifest")) {
            JsonNode json = ok(cli.post(command + "/chatbot/", api.keyOfA), "example_manifest", "Chatbot");
            assertThat(json.get("data").get("apiVersion").asText()).isEqualTo("smarter.sh/v1");
            assertThat(json.get("data").get("kind").asText()).isEqualTo("Chatbot");
            assertThat(json.get("message").asText()).isEqualTo("Chatbot example manifest successfully generated");
        }
        assertThat(ok(cli.post("manifest/plugin/?plugin_class=sql", api.keyOfA), "example_manifest", "SqlPlugin")
                .get("data").get("kind").asText()).isEqualTo("SqlPlugin");
        assertThat(ok(cli.post("manifest/sqlconnections/", api.keyOfA), "example_manifest", "SqlConnection")
                .get("data").get("kind").asText()).isEqualTo("SqlConnection");
        // A chat session has an example (how sessions come about); the other session views have none.
        assertThat(ok(cli.post("manifest/chat/", api.keyOfA), "example_manifest", "Chat").get("data").get("kind")
                .asText()).isEqualTo("Chat");
        error(cli.post("manifest/chathistory/", api.keyOfA), 400);
        error(cli.post("manifest/unicorn/", api.keyOfA), 400);
        error(cli.post("manifest/chatbot/", null), 401);
    }
}
