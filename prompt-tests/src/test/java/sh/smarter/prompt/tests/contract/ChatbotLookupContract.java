package sh.smarter.prompt.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginParameter;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.resource.PromptOverrides;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceManagement;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;

/**
 * What every {@link ChatbotLookup} promises a prompt turn or a chat page: it finds exactly what was saved, by id or
 * by name within its account, and no longer finds what was deleted. Resources are saved through the same storage's
 * {@link ResourceManagement}; an adapter's test runs this contract with {@code @Nested}.
 */
public abstract class ChatbotLookupContract extends ResourceContractFixture {

    // --------------------------------------------------------------------------------------------------- accounts

    @Test
    void accounts_are_found_by_id_and_by_number_and_listed() {
        assertThat(acme.id()).isNotZero().isNotEqualTo(globex.id());
        assertThat(acme).isEqualTo(new Account(acme.id(), new AccountNumber("1234-5678-9012"), "Acme Corp", CREATED));
        assertThat(lookup.findAccount(acme.id())).contains(acme);
        assertThat(lookup.findAccount(new AccountNumber("9999-0000-0001"))).contains(globex);
        assertThat(lookup.findAccount(new AccountNumber("0000-0000-0000"))).isEmpty();
        assertThat(lookup.findAccount(missingAccountId())).isEmpty();
        assertThat(resources.listAccounts()).containsExactlyInAnyOrder(acme, globex);
    }

    // --------------------------------------------------------------------------------------------------- chatbots

    @Test
    void a_fully_configured_chatbot_round_trips_exactly() {
        Chatbot chatbot = Chatbot.builder("support_bot").accountId(acme.id())
                .description("Answers \"support\" questions.\nSecond line 😀")
                .version("2.1.0-beta.1")
                .provider("local_ollama")
                .defaultModel("llama3.1:8b")
                .defaultSystemRole("You are a helpful assistant.\nAlways answer in English, even to \"Grüezi\".")
                .defaultTemperature(0.0)
                .defaultMaxTokens(777)
                .appName("Acme Support")
                .appAssistant("Ada")
                .appWelcomeMessage("Welcome! 👋")
                .appExamplePrompts(List.of("What's the \"weather\" in Zürich?", "Line one\nLine two",
                        "Emoji 😀 and 𝄞", "comma, separated; [brackets] {braces}", "  padded  "))
                .appPlaceholder("Ask Ada…")
                .appInfoUrl("https://acme.example/info")
                .appBackgroundImageUrl("https://acme.example/bg.png")
                .appLogoUrl("https://acme.example/logo.svg")
                .appFileAttachment(true)
                .deployed(false)
                .functions(List.of("get_current_weather", "date_calculator", "calculator"))
                .plugins(List.of("zeta_plugin", "alpha_plugin", "mid_plugin"))
                .requiresApiKey(true)
                .allowedOrigins(List.of("https://acme.example", "http://localhost:5173"))
                .dailyTokenBudget(5_000_000_000L)
                .createdAt(CREATED)
                .updatedAt(UPDATED)
                .build();
        // Saved first, as applying manifests does, so a catalog that links chatbots to stored plugins can do so.
        for (String plugin : chatbot.plugins()) {
            NamedKind.PLUGIN.save(catalog, 0, acme.id(), plugin);
        }

        Chatbot saved = resources.saveChatbot(chatbot);

        assertThat(saved).isEqualTo(chatbot.withId(saved.id()));
        assertThat(lookup.findChatbot(saved.id())).contains(saved);
        assertThat(lookup.findChatbot(acme.id(), "support_bot")).contains(saved);
        assertThat(resources.listChatbots(acme.id())).containsExactly(saved);
    }

    @Test
    void a_minimal_chatbot_keeps_its_defaults_and_absent_values() {
        Chatbot chatbot = Chatbot.builder("minimal").accountId(acme.id()).createdAt(CREATED).build();

        Chatbot saved = resources.saveChatbot(chatbot);

        assertThat(lookup.findChatbot(saved.id())).contains(chatbot.withId(saved.id()));
        assertThat(saved.appInfoUrl()).isNull();
        assertThat(saved.dailyTokenBudget()).isNull();
        assertThat(saved.appExamplePrompts()).isEmpty();
        assertThat(saved.defaultTemperature()).isEqualTo(Chatbot.DEFAULT_TEMPERATURE);
    }

    @Test
    void chatbots_are_found_by_name_only_within_their_account() {
        Chatbot saved = resources.saveChatbot(chatbot(acme, "support"));

        assertThat(lookup.findChatbot(acme.id(), "support")).contains(saved);
        assertThat(lookup.findChatbot(globex.id(), "support")).isEmpty();
        assertThat(lookup.findChatbot(acme.id(), "unknown")).isEmpty();
    }

    @Test
    void chatbots_of_one_name_are_found_across_accounts() {
        Chatbot acmeSupport = resources.saveChatbot(chatbot(acme, "support"));
        Chatbot globexSupport = resources.saveChatbot(chatbot(globex, "support"));
        resources.saveChatbot(chatbot(acme, "sales"));

        assertThat(lookup.findChatbotsNamed("support")).containsExactlyInAnyOrder(acmeSupport, globexSupport);
        assertThat(lookup.findChatbotsNamed("unknown")).isEmpty();
    }

    @Test
    void a_deleted_chatbot_is_no_longer_found_by_id() {
        Chatbot saved = resources.saveChatbot(chatbot(acme, "support"));

        resources.deleteChatbot(saved.id());

        assertThat(lookup.findChatbot(saved.id())).isEmpty();
        assertThat(lookup.findChatbotsNamed("support")).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------- plugins

    @Test
    void a_plugin_of_each_data_kind_round_trips_exactly() {
        JsonObject answers = (JsonObject) Json.parse("""
                {"hours": {"mon": "9-17", "days": [1, 2, 3.5, -4e2, true, null]},
                 "faq": [{"q": "Why \\"quotes\\"?", "a": "Emoji 😀\\nnewline"}],
                 "nothing": null, "empty": {}, "list": []}
                """);
        List<PluginParameter> parameters = List.of(
                new PluginParameter("city", "string", "The city, e.g. \"Zürich\"", true, null, null),
                new PluginParameter("unit", "string", "Unit", false, List.of("celsius", "fahrenheit"),
                        Json.of("celsius")),
                new PluginParameter("days", "integer", "", false, null, Json.of(3)),
                new PluginParameter("ratio", "number", "A fraction", false, null, Json.of(0.25)),
                new PluginParameter("verbose", "boolean", "More detail", false, null, Json.of(false)));
        List<Plugin> plugins = List.of(
                plugin("static_faq", PluginSelector.searchTerms(List.of("hours", "opening times", "faq")),
                        new PromptOverrides("Answer from the FAQ.\nBe brief.", "gpt-4o", 0.0, 512), List.of(),
                        new PluginData.StaticData(answers)),
                plugin("sql_sales", PluginSelector.ALWAYS, PromptOverrides.NONE, parameters,
                        new PluginData.SqlData("analytics_db",
                                "SELECT * FROM sales WHERE city = {city}\n  LIMIT 5", 25)),
                plugin("api_weather", PluginSelector.ALWAYS, new PromptOverrides(null, null, 1.5, null), parameters,
                        new PluginData.ApiData("weather_api", "/v1/forecast?x=1", "POST",
                                Map.of("X-Trace", "abc 😀", "Accept", "application/json"))));

        // Their connections first, as applying manifests does, for a catalog that links plugins to them.
        NamedKind.SQL_CONNECTION.save(catalog, 0, acme.id(), "analytics_db");
        NamedKind.API_CONNECTION.save(catalog, 0, acme.id(), "weather_api");

        for (Plugin plugin : plugins) {
            Plugin saved = resources.savePlugin(plugin);

            assertThat(saved).isEqualTo(plugin.withId(saved.id()));
            assertThat(lookup.findPlugin(saved.id())).contains(saved);
            assertThat(lookup.findPlugin(acme.id(), plugin.name())).contains(saved);
        }
        assertThat(resources.listPlugins(acme.id())).extracting(Plugin::name)
                .containsExactly("api_weather", "sql_sales", "static_faq");
    }

    @Test
    void a_deleted_plugin_is_no_longer_found_by_id() {
        long id = NamedKind.PLUGIN.save(catalog, 0, acme.id(), "faq");

        resources.deletePlugin(id);

        assertThat(lookup.findPlugin(id)).isEmpty();
    }

    // ------------------------------------------------------------------------------------ connections, providers

    @Test
    void sql_connections_round_trip_with_either_kind_of_secret() {
        List<SqlConnection> connections = List.of(
                new SqlConnection(0, acme.id(), "from_env", "jdbc:mysql://db.example:3306/shop?useSSL=true",
                        "reader", Secret.env("SHOP_DB_PASSWORD"), 42, CREATED, UPDATED),
                new SqlConnection(0, acme.id(), "stored", "jdbc:h2:mem:test", "sa", Secret.value("s3cr3t-pässwörd😀"),
                        5, CREATED, null),
                new SqlConnection(0, acme.id(), "no_password", "jdbc:h2:mem:open", null, Secret.NONE, 0, CREATED,
                        null));

        for (SqlConnection connection : connections) {
            SqlConnection saved = resources.saveSqlConnection(connection);

            assertThat(saved).isEqualTo(connection.withId(saved.id()));
            assertThat(lookup.findSqlConnection(acme.id(), connection.name())).contains(saved);
        }
    }

    @Test
    void api_connections_round_trip_with_their_auth_settings() {
        List<ApiConnection> connections = List.of(
                new ApiConnection(0, acme.id(), "header_auth", "https://api.example.com/base/", "header",
                        "X-Api-Key", Secret.value("key-123😀"), 30, CREATED, UPDATED),
                new ApiConnection(0, acme.id(), "bearer_auth", "http://localhost:8080", "bearer", null,
                        Secret.env("WEATHER_TOKEN"), 0, CREATED, null),
                new ApiConnection(0, acme.id(), "basic_auth", "https://api.example.com", "basic", null,
                        Secret.value("user:pa:ss"), 3, CREATED, null),
                new ApiConnection(0, acme.id(), "open", "https://open.example.com", null, null, null, 0, CREATED,
                        null));

        for (ApiConnection connection : connections) {
            ApiConnection saved = resources.saveApiConnection(connection);

            assertThat(saved).isEqualTo(connection.withId(saved.id()));
            assertThat(lookup.findApiConnection(acme.id(), connection.name())).contains(saved);
        }
    }

    @Test
    void providers_round_trip_with_their_key_source() {
        List<ProviderSettings> providers = List.of(
                new ProviderSettings(0, acme.id(), "local_ollama", "http://localhost:11434/v1/", Secret.NONE,
                        "llama3.1:8b", false, CREATED, UPDATED),
                new ProviderSettings(0, acme.id(), "proxy", "https://llm-proxy.example/openai/",
                        Secret.value("sk-proxy-0123456789"), "gpt-4o", true, CREATED, null),
                new ProviderSettings(0, acme.id(), "gemini_eu", "https://generativelanguage.googleapis.com/v1beta/",
                        Secret.env("GEMINI_EU_KEY"), null, true, CREATED, null));

        for (ProviderSettings provider : providers) {
            ProviderSettings saved = resources.saveProvider(provider);

            assertThat(saved).isEqualTo(provider.withId(saved.id()));
            assertThat(lookup.findProvider(acme.id(), provider.name())).contains(saved);
        }
        assertThat(resources.listProviders(acme.id())).extracting(ProviderSettings::name)
                .containsExactly("gemini_eu", "local_ollama", "proxy");
    }
}
