package sh.smarter.prompt.tests.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.tenancy.TenantServer.ACCOUNT_A;
import static sh.smarter.prompt.tests.tenancy.TenantServer.ACCOUNT_B;
import static sh.smarter.prompt.tests.tenancy.TenantServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.tests.fake.Reply;

/**
 * Two accounts on one real server, each with a chat and an admin key: nothing one account does reaches the other,
 * a chat key cannot manage, a name another account reuses changes none of the first account's answers, and
 * forwarded headers count only from a trusted proxy. Requests go over HTTP; "changes nothing" is checked on a
 * dump of the whole database taken before and after. Runs unchanged on each database the product supports
 * ({@link TenantIsolationTest} on the embedded H2 database, {@link TenantIsolationMariaDbTest} on MariaDB).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TenantIsolationScenarios {
    private TenantServer server;
    /**
     * Sessions of A's chatbot {@code alpha_private} (it requires a key): one started with A's chat key, one with
     * A's admin key.
     */
    private String ownSession;
    private String otherSession;

    /** The database the server keeps its data in, new and empty. */
    abstract DatabaseSettings database();

    /** Removes what {@link #database()} made, once the server is closed. */
    void dropDatabase() {
    }

    @BeforeAll
    void start() {
        server = new TenantServer(database());
        // The fake provider answers with the system role it was sent, so an answer shows whose chatbot ran.
        server.provider.otherwise(request -> Reply.text("[" + request.lastMessageContent("system").orElse("")
                .lines().filter(line -> line.contains("tenant")).findFirst().orElse("") + "]"));
        assertThat(server.send("POST", "/api/v1/cli/apply/", server.aAdmin,
                TenantServer.chatbot("alpha", "A", "https://a.example")).statusCode()).isEqualTo(200);
        assertThat(server.send("POST", "/api/v1/cli/apply/", server.aAdmin,
                TenantServer.chatbot("alpha_private", "A", "https://a.example", true)).statusCode()).isEqualTo(200);
        assertThat(server.send("POST", "/api/v1/cli/apply/", server.bAdmin,
                TenantServer.chatbot("bravo", "B", "https://b.example")).statusCode()).isEqualTo(200);
        ownSession = promptSession(server.aChat);
        otherSession = promptSession(server.aAdmin);
    }

    private String promptSession(String key) {
        HttpResponse<String> response = server.send("POST", "/api/v2/chatbots/alpha_private/prompt", key,
                "{\"input\": \"hello\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("session_key").asText();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        dropDatabase();
    }

    @Test
    void a_chat_key_cannot_apply_read_manifests_deploy_or_manage_keys_and_changes_nothing() {
        Map<String, List<String>> before = server.dump();
        String chat = server.aChat;
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        answers.put("apply chatbot", server.send("POST", "/api/v1/cli/apply/", chat,
                TenantServer.chatbot("sneaky", "A", "https://evil.example")));
        answers.put("apply sql connection", server.send("POST", "/api/v1/cli/apply/", chat, """
                {"apiVersion": "smarter.sh/v1", "kind": "SqlConnection", "metadata": {"name": "db"},
                 "spec": {"connection": {"dbEngine": "django.db.backends.mysql", "hostname": "db.example",
                          "port": 3306, "database": "shop", "username": "u", "password": "p"}}}"""));
        answers.put("get sql connections", server.send("GET", "/api/v1/cli/get/sqlconnections/", chat, null));
        answers.put("describe chatbot", server.send("POST", "/api/v1/cli/describe/chatbot/?name=alpha", chat, null));
        answers.put("delete chatbot", server.send("POST", "/api/v1/cli/delete/chatbot/?name=alpha", chat, null));
        answers.put("undeploy", server.send("POST", "/api/v1/cli/undeploy/chatbot/?name=alpha", chat, null));
        answers.put("get api keys", server.send("GET", "/api/v1/cli/get/apikeys/", chat, null));
        answers.put("revoke a key", server.send("POST", "/api/v1/cli/delete/apikey/?name=a-ops", chat, null));
        answers.put("list sessions", server.send("GET", "/api/v2/chatbots/alpha/sessions", chat, null));

        answers.forEach((what, response) -> {
            assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(403);
            assertThat(response.body()).as(what).contains("this API key has the chat scope")
                    .contains("needs a key with the admin scope");
        });
        assertThat(server.dump()).isEqualTo(before);
        assertThat(server.send("POST", "/api/v1/cli/describe/chatbot/?name=alpha", server.aAdmin, null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void a_chat_key_reads_the_session_it_started_and_no_other_while_an_admin_key_reads_both() {
        String own = "/api/v2/chatbots/alpha_private/sessions/" + ownSession;
        String other = "/api/v2/chatbots/alpha_private/sessions/" + otherSession;

        assertThat(server.send("GET", own + "/messages", server.aChat, null).statusCode()).isEqualTo(200);
        assertThat(server.send("GET", other, server.aChat, null).statusCode()).isEqualTo(404);
        assertThat(server.send("GET", other + "/export", server.aChat, null).statusCode()).isEqualTo(404);
        assertThat(server.send("DELETE", other, server.aChat, null).statusCode()).isEqualTo(404);
        assertThat(server.send("GET", other, server.aAdmin, null).statusCode()).isEqualTo(200);
        assertThat(server.send("GET", own, server.aAdmin, null).statusCode()).isEqualTo(200);
    }

    @Test
    void every_cross_account_read_write_delete_and_apply_fails_with_4xx_and_changes_nothing() {
        Map<String, List<String>> before = server.dump();
        String qualified = "/api/v2/accounts/" + ACCOUNT_A + "/chatbots/alpha_private/sessions/" + ownSession;
        for (String key : List.of(server.bChat, server.bAdmin)) {
            String who = key.equals(server.bChat) ? "B chat key: " : "B admin key: ";
            Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
            answers.put("list A's sessions", server.send("GET", "/api/v2/chatbots/alpha/sessions", key, null));
            answers.put("list A's sessions, qualified", server.send("GET", "/api/v2/accounts/" + ACCOUNT_A
                    + "/chatbots/alpha/sessions", key, null));
            answers.put("read A's session", server.send("GET", qualified, key, null));
            answers.put("read A's messages", server.send("GET", qualified + "/messages", key, null));
            answers.put("export A's session", server.send("GET", qualified + "/export", key, null));
            answers.put("delete A's session", server.send("DELETE", qualified, key, null));
            answers.put("delete A's session by CLI", server.send("POST", "/api/v1/cli/delete/chat/?session_key="
                    + ownSession, key, null));
            answers.put("describe A's chatbot", server.send("POST", "/api/v1/cli/describe/chatbot/?name=alpha", key,
                    null));
            answers.put("delete A's chatbot", server.send("POST", "/api/v1/cli/delete/chatbot/?name=alpha", key,
                    null));
            answers.put("undeploy A's chatbot", server.send("POST", "/api/v1/cli/undeploy/chatbot/?name=alpha", key,
                    null));
            answers.put("logs of A's chatbot", server.send("GET", "/api/v1/cli/logs/chatbot/?name=alpha", key,
                    null));
            answers.put("revoke A's key", server.send("POST", "/api/v1/cli/delete/apikey/?name=a-ops", key, null));
            answers.put("apply into A", server.send("POST", "/api/v1/cli/apply/", key, """
                    {"apiVersion": "smarter.sh/v1", "kind": "Chatbot",
                     "metadata": {"name": "alpha", "accountNumber": "%s"},
                     "spec": {"config": {"provider": "fake", "defaultSystemRole": "taken over"}}}"""
                    .formatted(ACCOUNT_A)));
            answers.put("apply an account", server.send("POST", "/api/v1/cli/apply/", key, """
                    {"apiVersion": "smarter.sh/v1", "kind": "Account", "metadata": {"name": "Mine now"},
                     "spec": {"accountNumber": "%s"}}""".formatted(ACCOUNT_A)));
            answers.forEach((what, response) -> assertThat(response.statusCode()).as(who + what + ": "
                    + response.body()).isBetween(400, 499));
            // Another account's chatbot and sessions are "not found", never "forbidden": nothing about them leaks.
            answers.entrySet().stream().filter(e -> e.getKey().contains("A's session") || e.getKey().contains("A's m")
                    || e.getKey().startsWith("list A's")).forEach(e -> assertThat(e.getValue().statusCode())
                    .as(who + e.getKey()).isEqualTo(404));

            HttpResponse<String> chatbots = server.send("GET", "/api/v1/cli/get/chatbots/", server.bAdmin, null);
            assertThat(chatbots.body()).contains("bravo").doesNotContain("alpha");
            HttpResponse<String> keys = server.send("GET", "/api/v1/cli/get/apikeys/", server.bAdmin, null);
            assertThat(keys.body()).contains("b-ops").doesNotContain("a-ops").doesNotContain("a-widget");
        }
        assertThat(server.dump()).isEqualTo(before);
    }

    @Test
    void a_provider_manifest_cannot_send_the_operators_provider_key_to_a_host_the_account_chose() {
        Map<String, List<String>> before = server.dump();
        // The fake provider stands for the tenant's collector: any host but the one OPENAI_API_KEY is bound to.
        String collector = server.provider.url();
        HttpResponse<String> refused = server.send("POST", "/api/v1/cli/apply/", server.bAdmin, """
                {"apiVersion": "smarter.sh/v1", "kind": "Provider", "metadata": {"name": "collector"},
                 "spec": {"provider": {"baseUrl": "%s", "apiKeyEnv": "OPENAI_API_KEY", "defaultModel": "m"}}}"""
                .formatted(collector));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("spec.provider.apiKeyEnv is refused by the plugin target rule secret-env: "
                + "OPENAI_API_KEY may be sent only to api.openai.com, not to 127.0.0.1")
                .doesNotContain(TenantServer.OPERATOR_KEY);
        assertThat(server.dump()).isEqualTo(before);

        // One stored before the rule existed (written straight to the catalog) is refused before each call.
        server.engine.resourceCatalog().saveProvider(new ProviderSettings(0, server.b.id(), "collector", collector,
                Secret.env("OPENAI_API_KEY"), "fake-model", true, Instant.parse("2026-11-26T07:00:00Z"), null));
        assertThat(server.send("POST", "/api/v1/cli/apply/", server.bAdmin, """
                {"apiVersion": "smarter.sh/v1", "kind": "Chatbot", "metadata": {"name": "collecting"},
                 "spec": {"config": {"provider": "collector", "deployed": true}}}""").statusCode()).isEqualTo(200);
        long requestsBefore = server.provider.requestCount();
        HttpResponse<String> prompt = server.send("POST", "/api/v2/chatbots/collecting/prompt", server.bChat,
                "{\"input\": \"hello\"}");

        assertThat(prompt.statusCode()).as(prompt.body()).isEqualTo(503);
        assertThat(prompt.body()).contains("provider collector cannot be used: spec.provider.apiKeyEnv is refused by "
                + "the plugin target rule secret-env").doesNotContain(TenantServer.OPERATOR_KEY);
        assertThat(server.provider.requestCount()).as("requests that reached the collector").isEqualTo(requestsBefore);
        assertThat(server.provider.requests()).noneMatch(request -> request.header("Authorization").orElse("")
                .contains(TenantServer.OPERATOR_KEY));
    }

    @Test
    void a_name_reused_by_the_second_account_leaves_the_first_accounts_answers_unchanged() {
        assertThat(server.send("POST", "/api/v1/cli/apply/", server.aAdmin,
                TenantServer.chatbot("shared", "A", "https://a.example")).statusCode()).isEqualTo(200);
        Map<String, Object> first = answersOfShared();
        assertThat(first.get("config")).isEqualTo(List.of(ACCOUNT_A, "App of A"));
        assertThat(first.get("prompt")).isEqualTo("[You are the chatbot of tenant A.]");

        HttpResponse<String> reused = server.send("POST", "/api/v1/cli/apply/", server.bAdmin,
                TenantServer.chatbot("shared", "B", "https://b.example"));
        assertThat(reused.statusCode()).as(reused.body()).isEqualTo(200);

        assertThat(answersOfShared()).isEqualTo(first);
        // B's chatbot is reachable through the account-qualified forms, with its own origins.
        String b = "/api/v1/accounts/" + ACCOUNT_B + "/chatbots/shared/";
        JsonNode config = json(server.send("POST", b + "config/", null, null)).path("data");
        assertThat(config.path("chatbot").path("app_name").asText()).isEqualTo("App of B");
        assertThat(config.path("chatbot").path("url_chatbot").asText()).endsWith(b + "prompt/");
        assertThat(preflight(b + "prompt/", "https://b.example")).isEqualTo(204);
        assertThat(preflight(b + "prompt/", "https://a.example")).isEqualTo(403);
        assertThat(server.send("GET", "/chat/accounts/" + ACCOUNT_B + "/shared/", null, null).body())
                .contains("smarter-chatbot-api-url=\"" + b + "\"").contains("App of B");
        assertThat(json(server.send("POST", "/api/v2/accounts/" + ACCOUNT_B + "/chatbots/shared/prompt", null,
                "{\"input\": \"hi\"}")).path("answer").asText()).isEqualTo("[You are the chatbot of tenant B.]");
        // The bare name answers the same chatbot whoever asks, B's own keys included.
        assertThat(json(server.send("POST", "/api/v2/chatbots/shared/prompt", server.bChat, "{\"input\": \"hi\"}"))
                .path("answer").asText()).isEqualTo("[You are the chatbot of tenant A.]");
    }

    /** What a user of A's widget sees of {@code shared}: config, an answer, the chat page, CORS. */
    private Map<String, Object> answersOfShared() {
        Map<String, Object> answers = new LinkedHashMap<>();
        HttpResponse<String> config = server.send("POST", "/api/v1/chatbots/shared/config/", null, null);
        assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
        JsonNode chatbot = json(config).path("data").path("chatbot");
        answers.put("config", List.of(chatbot.path("account").path("account_number").asText(),
                chatbot.path("app_name").asText()));
        answers.put("url_chatbot", chatbot.path("url_chatbot").asText());
        String session = json(config).path("data").path("session_key").asText();
        HttpResponse<String> prompt = server.send("POST", "/api/v1/chatbots/shared/prompt/?session_key=" + session,
                null, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        assertThat(prompt.statusCode()).as(prompt.body()).isEqualTo(200);
        answers.put("prompt", lastAssistantText(json(prompt)));
        answers.put("page", server.send("GET", "/chat/shared/", null, null).body());
        answers.put("cors a.example", preflight("/api/v1/chatbots/shared/prompt/", "https://a.example"));
        answers.put("cors b.example", preflight("/api/v1/chatbots/shared/prompt/", "https://b.example"));
        answers.put("native", json(server.send("POST", "/api/v2/chatbots/shared/prompt", null,
                "{\"input\": \"hi\"}")).path("answer").asText());
        answers.put("native for A's key", json(server.send("POST", "/api/v2/chatbots/shared/prompt", server.aChat,
                "{\"input\": \"hi\"}")).path("answer").asText());
        return answers;
    }

    /** The answer inside the chatbot endpoint's envelope: {@code data.body} is a JSON text of a completion. */
    private static String lastAssistantText(JsonNode promptEnvelope) {
        try {
            return TenantServer.JSON.readTree(promptEnvelope.path("data").path("body").asText())
                    .path("choices").path(0).path("message").path("content").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private int preflight(String path, String origin) {
        return server.send(server.http, "OPTIONS", path, null, null, Map.of("Origin", origin,
                "Access-Control-Request-Method", "POST")).statusCode();
    }

    @Test
    void forwarded_headers_count_only_from_a_trusted_proxy() {
        Map<String, String> forwarded = Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.9, 10.1.2.3",
                "X-Forwarded-Proto", "https");

        JsonNode direct = json(server.send(server.http, "POST", "/api/v1/chatbots/alpha/config/", null, null,
                forwarded)).path("data");
        assertThat(direct.findValue("ip_address").asText()).isEqualTo("127.0.0.1");
        assertThat(direct.path("chatbot").path("url_chatbot").asText()).startsWith("http://127.0.0.1:");

        // 127.0.0.1 and 10.0.0.0/8 are trusted there: the client is the rightmost hop that is not a proxy.
        JsonNode proxied = json(server.send(server.behindProxy, "POST", "/api/v1/chatbots/alpha/config/", null,
                null, forwarded)).path("data");
        assertThat(proxied.findValue("ip_address").asText()).isEqualTo("203.0.113.9");
        assertThat(proxied.path("chatbot").path("url_chatbot").asText()).startsWith("https://127.0.0.1:");

        JsonNode unforwarded = json(server.send(server.behindProxy, "POST", "/api/v1/chatbots/alpha/config/",
                null, null, Map.of())).path("data");
        assertThat(unforwarded.findValue("ip_address").asText()).isEqualTo("127.0.0.1");
    }
}
