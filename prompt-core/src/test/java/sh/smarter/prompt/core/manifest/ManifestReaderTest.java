package sh.smarter.prompt.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.core.manifest.Manifests.json;
import static sh.smarter.prompt.core.manifest.Manifests.with;
import static sh.smarter.prompt.core.manifest.Manifests.without;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginParameter;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.resource.PromptOverrides;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;

/** The manifest forms that Smarter and its users write, and what they become. */
class ManifestReaderTest {
    private static final Instant NOW = Instant.parse("2026-11-26T07:00:00Z");

    @Test
    void a_minimal_chatbot_gets_the_documented_defaults() {
        Chatbot chatbot = ManifestReader.chatbot(json("""
                {"apiVersion": "smarter.sh/v1", "kind": "Chatbot", "metadata": {"name": "minimal"}, "spec": {}}
                """), NOW);

        assertThat(chatbot.provider()).isEqualTo("openai");
        assertThat(chatbot.defaultTemperature()).isEqualTo(0.5);
        assertThat(chatbot.defaultMaxTokens()).isEqualTo(2048);
        assertThat(chatbot.appAssistant()).isEqualTo("Smarter");
        assertThat(chatbot.appPlaceholder()).isEqualTo("Type something here...");
        assertThat(chatbot.appName()).isEqualTo("minimal");
        assertThat(chatbot.version()).isEqualTo("1.0.0");
        assertThat(chatbot.functions()).isEmpty();
        assertThat(chatbot.createdAt()).isEqualTo(NOW);
    }

    @Test
    void llm_client_is_another_name_for_chatbot() {
        JsonObject manifest = with(json(Manifests.CHATBOT), "kind", Json.of("LLMClient"));

        assertThat(ManifestReader.kind(manifest)).isEqualTo(ResourceKind.CHATBOT);
        assertThat(ManifestReader.chatbot(manifest, NOW).name()).isEqualTo("example");
    }

    @Test
    void reads_smarters_static_plugin_with_the_older_search_terms_directive() {
        Plugin plugin = ManifestReader.plugin(json("""
                {"apiVersion": "smarter.sh/v1", "kind": "Plugin",
                 "metadata": {"name": "test_static_plugin", "pluginClass": "static", "version": "0.2.0",
                              "description": "Everlasting Gobstoppers", "tags": ["candy"],
                              "annotations": [{"smarter.sh/plugin-display-name": "Gobstoppers"}]},
                 "spec": {"selector": {"directive": "searchTerms", "searchTerms": ["Gobstopper", "Gobstoppers"]},
                          "prompt": {"provider": "openai", "systemRole": "You are a candy expert.",
                                     "model": "gpt-4o-mini", "temperature": 1.0, "maxTokens": 256},
                          "data": {"staticData": {"biographical": "Invented by Willy Wonka",
                                                  "couponCodes": ["SWEET10"]}}}}
                """), NOW);

        assertThat(plugin.selector()).isEqualTo(PluginSelector.searchTerms(List.of("Gobstopper", "Gobstoppers")));
        assertThat(plugin.prompt()).isEqualTo(new PromptOverrides("You are a candy expert.", "gpt-4o-mini", 1.0, 256));
        assertThat(plugin.description()).isEqualTo("Everlasting Gobstoppers");
        assertThat(((PluginData.StaticData) plugin.data()).data().keys()).containsExactly("biographical",
                "couponCodes");
    }

    @Test
    void reads_a_sql_plugin_with_its_data_directly_under_spec_as_smarter_writes_it() {
        Plugin plugin = ManifestReader.plugin(json(Manifests.SQL_PLUGIN), NOW);

        assertThat(plugin.data()).isEqualTo(new PluginData.SqlData("course_db", "SELECT title FROM courses WHERE"
                + " title LIKE CONCAT('%', {topic}, '%') AND cost <= {max_cost}", 10));
        assertThat(plugin.description()).isEqualTo("Finds courses by topic and price");
        assertThat(plugin.parameters()).containsExactly(
                new PluginParameter("topic", "string", "A topic", false, List.of("AI", "web"), null),
                new PluginParameter("max_cost", "number", "Highest price", false, List.of(), Json.of(500)));
    }

    @Test
    void accepts_sql_and_api_data_under_spec_data_with_the_connection_inside() {
        JsonObject sqlManifest = json(Manifests.SQL_PLUGIN);
        JsonObject sqlData = with(sqlManifest.object("spec").orElseThrow().object("sqlData").orElseThrow(),
                "connection", Json.of("course_db"));
        JsonObject nestedSql = without(without(with(sqlManifest, "spec.data",
                JsonObject.builder().put("sqlData", sqlData).build()), "spec.sqlData"), "spec.connection");

        assertThat(ManifestReader.plugin(nestedSql, NOW)).isEqualTo(ManifestReader.plugin(sqlManifest, NOW));

        JsonObject apiManifest = json(Manifests.API_PLUGIN);
        JsonObject apiData = apiManifest.object("spec").orElseThrow().object("apiData").orElseThrow();
        JsonObject nestedApi = without(with(apiManifest, "spec.data",
                JsonObject.builder().put("apiData", apiData).build()), "spec.apiData");

        assertThat(ManifestReader.plugin(nestedApi, NOW)).isEqualTo(ManifestReader.plugin(apiManifest, NOW));
        assertThat(ManifestReader.plugin(nestedApi, NOW).data()).isEqualTo(new PluginData.ApiData("course_api",
                "/courses/", "GET", Map.of("Accept", "application/json")));
    }

    @Test
    void rejects_two_different_connections_for_one_plugin() {
        JsonObject manifest = with(json(Manifests.SQL_PLUGIN), "spec.sqlData.connection", Json.of("other_db"));

        Manifests.assertFails(() -> ManifestReader.plugin(manifest, NOW), ErrorKind.INVALID_INPUT,
                "spec.sqlData.connection differs from spec.connection");
    }

    @Test
    void builds_a_mysql_url_from_smarters_connection_fields() {
        SqlConnection connection = ManifestReader.sqlConnection(json("""
                {"apiVersion": "smarter.sh/v1", "kind": "SqlConnection",
                 "metadata": {"name": "smarter_test_db", "annotations": {"owner": "tests"}},
                 "spec": {"connection": {"authenticationMethod": "tcpip", "database": "smarter_test_db",
                                         "dbEngine": "django.db.backends.mysql", "username": "smarter",
                                         "hostname": "mysql.example.com", "maxOverflow": 10,
                                         "passwordEnv": "SMARTER_DB_PASSWORD", "poolSize": 5, "port": 3307,
                                         "timeout": 30, "useSsl": false}}}
                """), NOW);

        assertThat(connection.jdbcUrl()).isEqualTo("jdbc:mysql://mysql.example.com:3307/smarter_test_db");
        assertThat(connection.password()).isEqualTo(Secret.env("SMARTER_DB_PASSWORD"));
        assertThat(connection.timeoutSeconds()).isEqualTo(30);
    }

    @Test
    void reads_providers_in_camel_case_or_snake_case() {
        ProviderSettings snake = ManifestReader.provider(json("""
                {"apiVersion": "smarter.sh/v1", "kind": "Provider", "metadata": {"name": "company_proxy"},
                 "spec": {"provider": {"name": "Company proxy", "base_url": "https://llm.example.com/v1",
                                       "api_key_env": "PROXY_API_KEY", "docs_url": "https://example.com/docs"}}}
                """), NOW);

        assertThat(snake.baseUrl()).isEqualTo("https://llm.example.com/v1/");
        assertThat(snake.apiKey()).isEqualTo(Secret.env("PROXY_API_KEY"));
        assertThat(snake.apiKeyRequired()).isTrue();
        assertThat(ManifestReader.provider(json(Manifests.PROVIDER), NOW).apiKeyRequired()).isFalse();
        Manifests.assertFails(() -> ManifestReader.provider(with(json(Manifests.PROVIDER), "spec.provider.base_url",
                        Json.of("http://other/")), NOW), ErrorKind.INVALID_INPUT,
                "spec.provider.baseUrl and spec.provider.base_url mean the same; give only one");
    }

    @Test
    void an_accounts_company_name_is_its_display_name() {
        JsonObject manifest = json(Manifests.ACCOUNT);

        assertThat(ManifestReader.account(manifest, NOW).displayName()).isEqualTo("Example Co");
        assertThat(ManifestReader.account(with(manifest, "spec.config.companyName", Json.of("Example Inc.")), NOW)
                .displayName()).isEqualTo("Example Inc.");
    }

    @Test
    void fields_set_to_null_count_as_absent() {
        SqlConnection connection = ManifestReader.sqlConnection(json("""
                {"apiVersion": "smarter.sh/v1", "kind": "SqlConnection", "metadata": {"name": "course_db"},
                 "spec": {"connection": {"url": "jdbc:mysql://db/courses", "hostname": null, "port": null,
                                         "database": null, "password": null, "passwordEnv": null}}}
                """), NOW);
        JsonObject plugin = with(json(Manifests.SQL_PLUGIN), "spec.data", Json.from(null));

        assertThat(connection.password()).isEqualTo(Secret.NONE);
        assertThat(ManifestReader.plugin(plugin, NOW)).isEqualTo(ManifestReader.plugin(json(Manifests.SQL_PLUGIN),
                NOW));
    }

    @Test
    void a_described_manifests_status_is_accepted() {
        JsonObject described = with(json(Manifests.PROVIDER), "status", JsonObject.builder()
                .put("accountNumber", "0000-0000-0001").put("created", NOW.toString()).build());

        assertThat(ManifestReader.provider(described, NOW).name()).isEqualTo("local_ollama");
    }
}
