package sh.smarter.prompt.tests.http.smartercli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sh.smarter.prompt.core.resource.ApiKey;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.http.nativeapi.PromptApiServer;

/**
 * Every command of the {@code smarter} CLI 0.2.1 (shared/clients/smarter-cli-0.2.1.md, section 2.7), sent exactly
 * as the Go client sends it ({@link GoCliRequest}), checked for what the client reads: status exactly 200 and a JSON
 * object ({@code data.data.titles/items} for get, RFC 3339 in every DateTimeField), or for the kinds this product
 * does not have, a 400 whose top-level {@code description} says what to use instead. One case per command.
 */
class SmarterCliCompatibilityTest {
    @RegisterExtension
    static final PromptApiServer api = PromptApiServer.start();
    private static final YAMLMapper YAML = new YAMLMapper();
    /** What the CLI computes from the host name and MAC address, once query-escaped (2.8). */
    private static final String UID = "vm-36%3A51%3Aba%3Ad6%3A1b%3Ab3";
    /** Values only known once the fixtures exist: session keys, written as {name} in a case's parameters. */
    private static final Map<String, String> FIXTURES = new HashMap<>();

    /** A command of 2.7 and what the CLI needs back. */
    record CliCase(String command, GoCliRequest request, int status, String mustSay,
                   BiConsumer<JsonNode, PromptApiServer> check) {
        @Override
        public String toString() {
            return command;
        }
    }

    @BeforeAll
    static void fixtures() {
        // The connections, a plugin and a chatbot, as a user makes them: `manifest <kind>` saved as YAML, applied.
        for (String kind : List.of("plugindatasqlconnection", "plugindataapiconnection", "plugin")) {
            JsonNode example = okJson(send("example_manifest/" + kind, Map.of(), "")).get("data");
            apply(example);
            ObjectNode doomed = example.deepCopy();
            ((ObjectNode) doomed.get("metadata")).put("name", "doomed_" + kind.replace("plugindata", ""));
            apply(doomed);
        }
        ObjectNode bot = okJson(send("example_manifest/chatbot", Map.of(), "")).get("data").deepCopy();
        ((ObjectNode) bot.get("metadata")).put("name", "doomed_bot");
        apply(bot);
        api.engine.apiKeys().create(api.accountA.id(), "doomed_key");

        // Two CLI conversations: one with a calculator call to read back, one to delete.
        api.fake.callTools(FakeOpenAiServer.toolCall("calculator", "{\"expression\": \"6*7\"}")).answer("42");
        FIXTURES.put("chat", prompt("What is 6*7?"));
        FIXTURES.put("doomed_chat", prompt("Forget this"));
        api.fake.reset();
    }

    private static void apply(JsonNode manifest) {
        try {
            okJson(send("apply", Map.of(), YAML.writeValueAsString(manifest)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String prompt(String text) {
        JsonNode chat = okJson(send("chat/example", Map.of("new_session", "true", "uid", UID),
                PromptApiServer.JSON.createObjectNode().put("prompt", text).toString()));
        return chat.get("data").get("request").get("session_key").asText();
    }

    private static GoCliRequest.Answer send(String slug, Map<String, String> params, String body) {
        return new GoCliRequest(slug, params, body).send(api, api.keyOfA);
    }

    private static JsonNode okJson(GoCliRequest.Answer answer) {
        assertThat(answer.status()).as(answer.url() + " " + answer.body()).isEqualTo(200);
        JsonNode json = PromptApiServer.json(answer.body());
        assertThat(json.isObject()).as("a JSON object, which the CLI parses into a map").isTrue();
        return json;
    }

    // get's persistent flags: --i 10, --asc, --desc
    private static Map<String, String> get(String... more) {
        Map<String, String> params = new LinkedHashMap<>(Map.of("i", "10", "asc", "false", "desc", "false"));
        for (int i = 0; i < more.length; i += 2) {
            params.put(more[i], more[i + 1]);
        }
        return params;
    }

    private static CliCase ok(String command, String slug, Map<String, String> params) {
        return ok(command, slug, params, "", (json, server) -> { });
    }

    private static CliCase ok(String command, String slug, Map<String, String> params,
                              BiConsumer<JsonNode, PromptApiServer> check) {
        return ok(command, slug, params, "", check);
    }

    private static CliCase ok(String command, String slug, Map<String, String> params, String body,
                              BiConsumer<JsonNode, PromptApiServer> check) {
        return new CliCase(command, new GoCliRequest(slug, params, body), 200, null, check);
    }

    private static CliCase table(String command, String kind, Map<String, String> params, int minRows) {
        return ok(command, "get/" + kind, params, (json, server) -> {
            JsonNode data = json.get("data").get("data");
            List<String> names = new ArrayList<>();
            data.get("titles").forEach(t -> names.add(t.get("name").asText()));
            assertThat(names).as("titles").isNotEmpty();
            JsonNode items = data.get("items");
            assertThat(items.isArray()).isTrue();
            assertThat(items.size()).as("rows").isGreaterThanOrEqualTo(minRows);
            items.forEach(item -> data.get("titles").forEach(title -> {
                JsonNode value = item.get(title.get("name").asText());
                assertThat(value).as("every item has every title").isNotNull();
                if (title.get("type").asText().equals("DateTimeField") && !value.isNull()) {
                    assertThat(OffsetDateTime.parse(value.asText())).isNotNull();
                }
            }));
        });
    }

    private static CliCase refused(String command, String slug, Map<String, String> params, String mustSay) {
        return new CliCase(command, new GoCliRequest(slug, params, ""), 400, mustSay, (json, server) -> { });
    }

    private static BiConsumer<JsonNode, PromptApiServer> dataHas(String field, String value) {
        return (json, server) -> assertThat(json.get("data").findValuesAsText(field)).contains(value);
    }

    static Stream<Arguments> commands() {
        String yaml = """
                apiVersion: smarter.sh/v1
                kind: Chatbot
                metadata:
                  name: applied_bot
                  description: Applied by the CLI
                  version: 1.0.0
                spec:
                  config:
                    provider: fake
                    defaultModel: fake-model
                  functions: [calculator]
                """;
        List<CliCase> cases = List.of(
                // Top level
                ok("apply -f bot.yaml", "apply", Map.of(), yaml,
                        (json, server) -> assertThat(server.catalog.findChatbot(server.accountA.id(), "applied_bot"))
                                .isPresent()),
                ok("status", "status", Map.of()),
                ok("whoami", "whoami", Map.of(), dataHas("account_number", "3141-5926-5359")),
                ok("version -v", "version", Map.of()),
                // chat
                ok("chat config -c example", "chat/config/example", Map.of("new_session", "false", "uid", UID),
                        (json, server) -> assertThat(json.get("data").get("session_key").asText())
                                .matches("[0-9a-f]{64}")),
                ok("chat config -c example -n", "chat/config/example", Map.of("new_session", "true", "uid", UID),
                        (json, server) -> assertThat(json.get("data").get("session_key").asText())
                                .matches("[0-9a-f]{64}")),
                ok("chat prompt -c example -p Hello", "chat/example", Map.of("new_session", "false", "uid", UID),
                        "{\"prompt\":\"Hello\"}", (json, server) -> assertThat(json.get("data").get("response")
                                .get("data").get("body").get("choices").get(0).get("message").get("content")
                                .asText()).isEqualTo("Echo: Hello")),
                // get
                table("get account", "account", get("name", ""), 1),
                table("get apikeys", "smarterauthtoken", get("name", ""), 2),
                table("get chatbots", "chatbot", get("name", ""), 1),
                table("get chats", "chat", get("chatbot", "", "session_key", "", "today", "false",
                        "yesterday", "false", "this-week", "false", "last-week", "false", "this-month", "false",
                        "last-month", "false"), 2),
                table("get chat-history -s KEY", "chathistory", get("session_key", "{chat}"), 3),
                table("get chat-plugin-usage -s KEY", "chatpluginusage", get("session_key", "{chat}"), 0),
                table("get chat-tool-calls -s KEY", "chattoolcall", get("session_key", "{chat}"), 1),
                table("get plugins", "plugin", get("name", "", "class", ""), 2),
                refused("get users", "get/user", get("username", ""), "API key"),
                table("get sqlconnections", "plugindatasqlconnection", get("name", ""), 2),
                table("get apiconnections", "plugindataapiconnection", get("name", ""), 2),
                // delete
                ok("delete chat KEY", "delete/chat", Map.of("session_key", "{doomed_chat}")),
                ok("delete chatbot doomed_bot", "delete/chatbot", Map.of("name", "doomed_bot"),
                        (json, server) -> assertThat(server.catalog.findChatbot(server.accountA.id(), "doomed_bot"))
                                .isEmpty()),
                ok("delete apikey doomed_key", "delete/smarterauthtoken", Map.of("name", "doomed_key"),
                        (json, server) -> assertThat(server.catalog.listApiKeys(server.accountA.id()))
                                .filteredOn(k -> k.name().equals("doomed_key")).extracting(ApiKey::isActive)
                                .containsExactly(false)),
                ok("delete plugin doomed_plugin", "delete/plugin", Map.of("name", "doomed_plugin")),
                refused("delete user someone", "delete/user", Map.of("username", "someone"), "API key"),
                ok("delete sqlconnection doomed_sqlconnection", "delete/plugindatasqlconnection",
                        Map.of("name", "doomed_sqlconnection")),
                ok("delete apiconnection doomed_apiconnection", "delete/plugindataapiconnection",
                        Map.of("name", "doomed_apiconnection")),
                // describe
                ok("describe account", "describe/account", Map.of(),
                        dataHas("accountNumber", "3141-5926-5359")),
                ok("describe chatbot example", "describe/chatbot", Map.of("name", "example"),
                        dataHas("name", "example")),
                ok("describe apikey laptop", "describe/smarterauthtoken", Map.of("name", "laptop"),
                        dataHas("name", "laptop")),
                ok("describe plugin course_catalogue", "describe/plugin", Map.of("name", "course_catalogue"),
                        dataHas("name", "course_catalogue")),
                refused("describe user someone", "describe/user", Map.of("username", "someone"), "API key"),
                ok("describe sqlconnection course_db", "describe/plugindatasqlconnections",
                        Map.of("name", "course_db"), dataHas("name", "course_db")),
                ok("describe apiconnection course_api", "describe/plugindataapiconnection",
                        Map.of("name", "course_api"), dataHas("name", "course_api")),
                // logs
                ok("logs chatbot example", "logs/chatbot", Map.of("name", "example"),
                        (json, server) -> assertThat(json.get("data").get("lines").toString())
                                .contains("What is 6*7?", "42", "calculator")),
                ok("logs chat KEY", "logs/chat", Map.of("name", "{chat}"),
                        (json, server) -> assertThat(json.get("data").get("lines").get(0).asText())
                                .contains(FIXTURES.get("chat"), "What is 6*7?", "answer: \"42\"", "calculator")),
                ok("logs chat-history KEY", "logs/chathistory", Map.of("name", "{chat}"),
                        (json, server) -> assertThat(json.get("data").get("lines").toString())
                                .contains("user: What is 6*7?")),
                // deploy / undeploy
                ok("undeploy chatbot example", "undeploy/chatbot", Map.of("name", "example"),
                        (json, server) -> assertThat(server.catalog.findChatbot(server.accountA.id(), "example")
                                .orElseThrow().deployed()).isFalse()),
                ok("deploy chatbot example", "deploy/chatbot", Map.of("name", "example"),
                        (json, server) -> assertThat(server.catalog.findChatbot(server.accountA.id(), "example")
                                .orElseThrow().deployed()).isTrue()),
                // manifest <kind>
                ok("manifest account", "example_manifest/account", Map.of(), dataHas("kind", "Account")),
                ok("manifest apiconnection", "example_manifest/plugindataapiconnection", Map.of(),
                        dataHas("kind", "ApiConnection")),
                ok("manifest apikey", "example_manifest/smarterauthtoken", Map.of(),
                        dataHas("kind", "SmarterAuthToken")),
                ok("manifest chat", "example_manifest/chat", Map.of(), dataHas("kind", "Chat")),
                ok("manifest chatbot", "example_manifest/chatbot", Map.of(), dataHas("kind", "Chatbot")),
                ok("manifest plugin", "example_manifest/plugin", Map.of(), dataHas("kind", "Plugin")),
                refused("manifest secret", "example_manifest/secret", Map.of(), "apiKeyEnv"),
                ok("manifest sqlconnection", "example_manifest/plugindatasqlconnection", Map.of(),
                        dataHas("kind", "SqlConnection")),
                refused("manifest user", "example_manifest/user", Map.of(), "API key"));
        return cases.stream().map(c -> Arguments.of(c.command(), c));
    }

    @ParameterizedTest(name = "smarter {0}")
    @MethodSource("commands")
    void every_command_answers_what_the_cli_reads(String command, CliCase c) {
        Map<String, String> params = new LinkedHashMap<>();
        c.request().params().forEach((name, value) -> params.put(name,
                value.startsWith("{") ? FIXTURES.get(value.substring(1, value.length() - 1)) : value));
        GoCliRequest request = new GoCliRequest(c.request().slug(), params, c.request().body());
        GoCliRequest.Answer answer = request.send(api, api.keyOfA);

        assertThat(answer.url()).as("what the CLI sends").contains("/?");
        assertThat(answer.status()).as(command + ": " + answer.body()).isEqualTo(c.status());
        JsonNode json = PromptApiServer.json(answer.body());
        assertThat(json.isObject()).as("a JSON object").isTrue();
        if (c.status() == 200) {
            assertThat(json.get("data")).as("data, which yaml output and manifest print").isNotNull();
            c.check().accept(json, api);
        } else {
            assertThat(json.get("description").asText()).contains(c.mustSay());
            assertThat(json.get("context").asText()).isNotBlank();
            assertThat(json.get("stacktrace").asText()).isEmpty();
        }
    }

    @Test
    void the_url_and_headers_are_the_ones_the_go_client_builds() {
        GoCliRequest request = new GoCliRequest("chat/config/example",
                Map.of("uid", UID, "new_session", "false"), "");
        assertThat(request.url(api)).endsWith("/api/v1/cli/chat/config/example/?new_session=false"
                + "&uid=vm-36%253A51%253Aba%253Ad6%253A1b%253Ab3");
        assertThat(new GoCliRequest("whoami", Map.of(), "").url(api)).endsWith("/api/v1/cli/whoami/?");
        assertThat(GoCliRequest.canonicalHeader("session_key")).isEqualTo("Session_key");
        assertThat(GoCliRequest.canonicalHeader("this-week")).isEqualTo("This-Week");
    }

    @Test
    void chat_config_with_new_session_mints_one_that_the_next_prompts_continue() {
        String uid = "host-n-aa%3Abb";
        String first = okJson(send("chat/config/example", Map.of("new_session", "false", "uid", uid), ""))
                .get("data").get("session_key").asText();
        String again = okJson(send("chat/config/example", Map.of("new_session", "false", "uid", uid), ""))
                .get("data").get("session_key").asText();
        assertThat(again).isEqualTo(first);
        String fresh = okJson(send("chat/config/example", Map.of("new_session", "true", "uid", uid), ""))
                .get("data").get("session_key").asText();
        assertThat(fresh).isNotEqualTo(first);
        JsonNode next = okJson(send("chat/example", Map.of("new_session", "false", "uid", uid),
                "{\"prompt\":\"still there?\"}"));
        assertThat(next.get("data").get("request").get("session_key").asText()).isEqualTo(fresh);
    }

    @Test
    void a_wrong_key_is_not_a_missing_key() {
        GoCliRequest whoami = new GoCliRequest("whoami", Map.of(), "");
        GoCliRequest.Answer wrong = whoami.send(api, "spk_" + "0".repeat(64));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(PromptApiServer.json(wrong.body()).get("description").asText()).startsWith("invalid API key");
        JsonNode missing = PromptApiServer.json(api.postJson("api/v1/cli/whoami/?", null, "").body());
        assertThat(missing.get("description").asText()).contains("Authorization: Token <key>");
        assertThat(missing.get("stacktrace").asText()).isEmpty();
    }

    @Test
    void deploying_twice_changes_nothing_the_second_time() {
        JsonNode first = okJson(send("undeploy/chatbot", Map.of("name", "locked"), ""));
        JsonNode second = okJson(send("undeploy/chatbot", Map.of("name", "locked"), ""));
        assertThat(first.get("data").get("changed").asBoolean()).isTrue();
        assertThat(second.get("data").get("changed").asBoolean()).isFalse();
        okJson(send("deploy/chatbot", Map.of("name", "locked"), ""));
        assertThat(api.catalog.findChatbot(api.accountA.id(), "locked").orElseThrow().deployed()).isTrue();
        // Another account's chatbot is not found, and a plugin cannot be deployed.
        assertThat(send("deploy/chatbot", Map.of("name", "bravo"), "").status()).isEqualTo(404);
        assertThat(send("deploy/plugin", Map.of("name", "course_catalogue"), "").status()).isEqualTo(400);
    }
}
