package sh.smarter.prompt.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static sh.smarter.prompt.core.manifest.Manifests.json;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resourceadmin.ResourceService;

/** Every invalid manifest is rejected with the exact field path in the message, and changes nothing. */
class InvalidManifestTest {
    private static final String SNAKE_CASE =
            "must be snake_case (a-z, 0-9 and _, starting with a letter, at most 100 characters)";

    private final InMemoryResourceCatalog catalog = new InMemoryResourceCatalog();
    private final ResourceService service =
            new ResourceService(catalog, Clock.fixed(Instant.parse("2026-11-26T07:00:00Z"), ZoneOffset.UTC));

    @BeforeEach
    void applyThePrerequisitesOfTheValidManifests() {
        for (String manifest : List.of(Manifests.SQL_CONNECTION, Manifests.API_CONNECTION, Manifests.STATIC_PLUGIN)) {
            service.apply(json(manifest), Principal.OPERATOR);
        }
    }

    /** A valid manifest with the value at {@code path} replaced ({@code value} is JSON text; null removes it). */
    private static Arguments invalid(String manifest, String path, String value, String message) {
        JsonObject changed = Manifests.with(json(manifest), path, value == null ? null : Json.parse(value));
        return arguments(path + (value == null ? " removed" : " = " + value), changed, message);
    }

    static Stream<Arguments> invalidManifests() {
        String chatbot = Manifests.CHATBOT;
        return Stream.of(
                invalid(chatbot, "apiVersion", "\"smarter/v1\"", "apiVersion must be smarter.sh/v1"),
                invalid(chatbot, "kind", "\"Robot\"", "kind must be one of Account, Chatbot, Plugin, SqlPlugin,"
                        + " ApiPlugin, SqlConnection, ApiConnection, Provider"),
                invalid(chatbot, "spec", null, "spec is required"),
                invalid(chatbot, "colour", "\"red\"", "colour is not a known field"),
                invalid(chatbot, "metadata.colour", "\"red\"", "metadata.colour is not a known field"),
                invalid(chatbot, "spec.config.colour", "\"red\"", "spec.config.colour is not a known field"),
                invalid(chatbot, "metadata.name", null, "metadata.name is required"),
                invalid(chatbot, "metadata.name", "\"Example Bot\"", "metadata.name " + SNAKE_CASE),
                invalid(chatbot, "metadata.version", "\"v1\"", "metadata.version must be a semantic version such as"
                        + " 1.0.0"),
                invalid(chatbot, "metadata.accountNumber", "\"12-34\"",
                        "metadata.accountNumber must look like 1234-5678-9012"),
                invalid(chatbot, "metadata.accountNumber", "\"9999-9999-9999\"",
                        "metadata.accountNumber: account 9999-9999-9999 not found"),
                invalid(chatbot, "spec.config", "\"openai\"", "spec.config must be an object"),
                invalid(chatbot, "spec.config.defaultTemperature", "2.5",
                        "spec.config.defaultTemperature must be a number between 0.0 and 2.0"),
                invalid(chatbot, "spec.config.defaultTemperature", "\"warm\"",
                        "spec.config.defaultTemperature must be a number between 0.0 and 2.0"),
                invalid(chatbot, "spec.config.defaultMaxTokens", "0",
                        "spec.config.defaultMaxTokens must be a whole number of at least 1"),
                invalid(chatbot, "spec.config.dailyTokenBudget", "0",
                        "spec.config.dailyTokenBudget must be a whole number of at least 1"),
                invalid(chatbot, "spec.config.dailyTokenBudget", "\"lots\"",
                        "spec.config.dailyTokenBudget must be a whole number of at least 1"),
                invalid(chatbot, "spec.config.dailyTokenBudget", "1.5",
                        "spec.config.dailyTokenBudget must be a whole number of at least 1"),
                invalid(chatbot, "spec.config.deployed", "\"yes\"", "spec.config.deployed must be true or false"),
                invalid(chatbot, "spec.config.appExamplePrompts", "[1, 2]",
                        "spec.config.appExamplePrompts must be a list of strings"),
                invalid(chatbot, "spec.functions", "\"calculator\"", "spec.functions must be a list of strings"),
                invalid(chatbot, "spec.functions", "[\"calculator\", \"teleport\"]", "spec.functions[1] must be one"
                        + " of calculator, date_calculator, get_current_weather (got teleport)"),
                invalid(chatbot, "spec.plugins", "[\"course_catalogue\", \"timetable\"]",
                        "spec.plugins[1]: plugin timetable not found in account 0000-0000-0001"),
                invalid(chatbot, "spec.config.provider", "\"acme\"", "spec.config.provider: provider acme not found"
                        + " in account 0000-0000-0001 (built in: openai, googleai, metaai)"),
                invalid(Manifests.STATIC_PLUGIN, "metadata.pluginClass", "\"sql\"",
                        "metadata.pluginClass must be static for kind Plugin"),
                invalid(Manifests.STATIC_PLUGIN, "spec.selector.directive", "\"llm\"",
                        "spec.selector.directive must be always or search_terms"),
                invalid(Manifests.STATIC_PLUGIN, "spec.selector.searchTerms", "[]", "spec.selector.searchTerms must"
                        + " list at least one term when the directive is search_terms"),
                invalid(Manifests.STATIC_PLUGIN, "spec.selector.colour", "\"red\"",
                        "spec.selector.colour is not a known field"),
                invalid(Manifests.STATIC_PLUGIN, "spec.prompt.temperature", "3",
                        "spec.prompt.temperature must be a number between 0.0 and 2.0"),
                invalid(Manifests.STATIC_PLUGIN, "spec.data.staticData", null,
                        "spec.data.staticData is required and must have at least one key"),
                invalid(Manifests.SQL_PLUGIN, "metadata.pluginClass", "\"magic\"",
                        "metadata.pluginClass must be sql for kind SqlPlugin"),
                invalid(Manifests.SQL_PLUGIN, "spec.sqlData.parameters[1].colour", "\"red\"",
                        "spec.sqlData.parameters[1].colour is not a known field"),
                invalid(Manifests.SQL_PLUGIN, "spec.sqlData.parameters[0].type", "\"date\"",
                        "spec.sqlData.parameters[0]: parameter topic: type must be one of"),
                invalid(Manifests.SQL_PLUGIN, "spec.sqlData.parameters", "{}",
                        "spec.sqlData.parameters must be a list of objects"),
                invalid(Manifests.SQL_PLUGIN, "spec.sqlData.sqlQuery", "\"SELECT * FROM courses WHERE id = {id}\"",
                        "spec.sqlData.sqlQuery uses {id}, which is not declared in spec.sqlData.parameters"),
                invalid(Manifests.SQL_PLUGIN, "spec.sqlData.limit", "0",
                        "spec.sqlData.limit must be a whole number of at least 1"),
                invalid(Manifests.SQL_PLUGIN, "spec.connection", null, "spec.connection is required"),
                invalid(Manifests.SQL_PLUGIN, "spec.connection", "\"timetable_db\"",
                        "spec.connection: SQL connection timetable_db not found in account 0000-0000-0001"),
                invalid(Manifests.API_PLUGIN, "spec.apiData.headers[0].colour", "\"red\"",
                        "spec.apiData.headers[0].colour is not a known field"),
                invalid(Manifests.API_PLUGIN, "spec.apiData.method", "\"DELETE\"",
                        "spec.apiData.method must be GET or POST"),
                invalid(Manifests.API_PLUGIN, "spec.connection", "\"weather_api\"",
                        "spec.connection: API connection weather_api not found in account 0000-0000-0001"),
                invalid(Manifests.SQL_CONNECTION, "spec.connection.url", "\"mysql://db.example.com/courses\"",
                        "spec.connection.url must be a JDBC URL (jdbc:...)"),
                invalid(Manifests.SQL_CONNECTION, "spec.connection.password", "\"****w0rd\"",
                        "spec.connection.password is masked (****...); give the real value or"
                                + " spec.connection.passwordEnv"),
                invalid(Manifests.SQL_CONNECTION, "spec.connection.passwordEnv", "\"COURSE_DB_PASSWORD\"",
                        "spec.connection.password and spec.connection.passwordEnv exclude each other; give one"),
                invalid(Manifests.SQL_CONNECTION, "spec.connection.timeout", "\"30s\"",
                        "spec.connection.timeout must be a whole number of at least 1"),
                invalid(Manifests.API_CONNECTION, "spec.connection.authenticationMethod", "\"oauth\"",
                        "spec.connection.authenticationMethod must be one of none, bearer, basic, header"),
                invalid(Manifests.API_CONNECTION, "spec.connection.baseUrl", "\"ftp://example.com\"",
                        "spec.connection.baseUrl must start with http:// or https://"),
                invalid(Manifests.PROVIDER, "spec.provider.baseUrl", null, "spec.provider.baseUrl is required"),
                invalid(Manifests.PROVIDER, "spec.provider.colour", "\"red\"",
                        "spec.provider.colour is not a known field"),
                invalid(Manifests.ACCOUNT, "spec.accountNumber", "\"3141-5926\"",
                        "spec.accountNumber must look like 1234-5678-9012"),
                invalid(Manifests.ACCOUNT, "spec.dailyTokenBudget", "-5",
                        "spec.dailyTokenBudget must be a whole number of at least 1"),
                invalid(Manifests.ACCOUNT, "spec.config.colour", "\"red\"", "spec.config.colour is not a known field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidManifests")
    void is_rejected_with_the_field_path_and_changes_nothing(String change, JsonObject manifest, String message) {
        List<Object> before = Manifests.contentsOf(catalog);

        Manifests.assertFails(() -> service.apply(manifest, Principal.OPERATOR), ErrorKind.INVALID_INPUT, message);

        assertThat(Manifests.contentsOf(catalog)).isEqualTo(before);
    }

    @Test
    void a_rejected_manifest_does_not_create_the_default_account() {
        InMemoryResourceCatalog empty = new InMemoryResourceCatalog();
        ResourceService fresh = new ResourceService(empty, Clock.systemUTC());

        Manifests.assertFails(() -> fresh.apply(json(Manifests.CHATBOT), Principal.OPERATOR),
                ErrorKind.INVALID_INPUT,
                "spec.plugins[0]: plugin course_catalogue not found in account 0000-0000-0001");

        assertThat(empty.listAccounts()).isEmpty();
    }
}
