package sh.smarter.prompt.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static sh.smarter.prompt.tests.contract.ContractAssertions.assertFailsWith;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.ApiKey;
import sh.smarter.prompt.core.resource.KeyScope;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginParameter;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.resource.PromptOverrides;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;

/**
 * What every {@link ResourceCatalog} promises its users. An adapter's test extends this class and implements
 * {@link #newCatalog()}. Nothing here assumes which ids the catalog hands out.
 */
public abstract class ResourceCatalogContract {
    /** Sub-millisecond digits on purpose: a catalog that keeps only milliseconds fails the round trips. */
    protected static final Instant CREATED = Instant.parse("2031-03-04T05:06:07.123456Z");
    protected static final Instant UPDATED = Instant.parse("2031-03-05T06:07:08.654321Z");

    protected ResourceCatalog catalog;
    private Account acme;
    private Account globex;

    /** A new, empty catalog. Called once before each test; resources left over from another test break it. */
    protected abstract ResourceCatalog newCatalog();

    @BeforeEach
    final void openEmptyCatalog() {
        catalog = newCatalog();
        acme = catalog.saveAccount(new Account(0, new AccountNumber("1234-5678-9012"), "Acme Corp", CREATED));
        globex = catalog.saveAccount(new Account(0, new AccountNumber("9999-0000-0001"), "Globex", CREATED));
    }

    // --------------------------------------------------------------------------------------------------- accounts

    @Test
    void accounts_are_found_by_id_and_by_number_and_listed() {
        assertThat(acme.id()).isNotZero().isNotEqualTo(globex.id());
        assertThat(acme).isEqualTo(new Account(acme.id(), new AccountNumber("1234-5678-9012"), "Acme Corp", CREATED));
        assertThat(catalog.findAccount(acme.id())).contains(acme);
        assertThat(catalog.findAccount(new AccountNumber("9999-0000-0001"))).contains(globex);
        assertThat(catalog.findAccount(new AccountNumber("0000-0000-0000"))).isEmpty();
        assertThat(catalog.findAccount(missingAccountId())).isEmpty();
        assertThat(catalog.listAccounts()).containsExactlyInAnyOrder(acme, globex);
    }

    @Test
    void saving_an_account_with_its_id_replaces_it() {
        Account renamed = new Account(acme.id(), acme.number(), "Acme Corporation 😀", acme.createdAt(),
                2_000_000L);

        assertThat(catalog.saveAccount(renamed)).isEqualTo(renamed);
        assertThat(catalog.findAccount(acme.id())).contains(renamed);
        assertThat(catalog.listAccounts()).containsExactlyInAnyOrder(renamed, globex);
    }

    @Test
    void account_numbers_are_unique() {
        assertFailsWith(ErrorKind.CONFLICT,
                () -> catalog.saveAccount(new Account(0, acme.number(), "Impostor", CREATED)));
        assertThat(catalog.listAccounts()).hasSize(2);
    }

    // -------------------------------------------------------------------- what every named kind of resource does

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void saving_with_id_zero_inserts_with_a_new_id(NamedKind kind) {
        long first = kind.save(catalog, 0, acme.id(), "first");
        long second = kind.save(catalog, 0, acme.id(), "second");

        assertThat(first).isNotZero();
        assertThat(second).isNotZero().isNotEqualTo(first);
        assertThat(kind.findId(catalog, acme.id(), "first")).contains(first);
        assertThat(kind.findId(catalog, acme.id(), "second")).contains(second);
    }

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void saving_with_an_id_replaces_that_resource(NamedKind kind) {
        long id = kind.save(catalog, 0, acme.id(), "before");

        assertThat(kind.save(catalog, id, acme.id(), "after")).isEqualTo(id);
        assertThat(kind.findId(catalog, acme.id(), "before")).isEmpty();
        assertThat(kind.findId(catalog, acme.id(), "after")).contains(id);
        assertThat(kind.names(catalog, acme.id())).containsExactly("after");
    }

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void saving_with_an_id_that_is_not_stored_is_not_found(NamedKind kind) {
        long id = kind.save(catalog, 0, acme.id(), "gone");
        kind.delete(catalog, id);

        assertFailsWith(ErrorKind.NOT_FOUND, () -> kind.save(catalog, id, acme.id(), "gone"));
        assertThat(kind.names(catalog, acme.id())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void names_are_unique_per_account_and_kind(NamedKind kind) {
        long support = kind.save(catalog, 0, acme.id(), "support");
        long sales = kind.save(catalog, 0, acme.id(), "sales");

        assertFailsWith(ErrorKind.CONFLICT, () -> kind.save(catalog, 0, acme.id(), "support"));
        assertFailsWith(ErrorKind.CONFLICT, () -> kind.save(catalog, sales, acme.id(), "support"));
        long elsewhere = kind.save(catalog, 0, globex.id(), "support");

        assertThat(elsewhere).isNotEqualTo(support);
        assertThat(kind.findId(catalog, acme.id(), "support")).contains(support);
        assertThat(kind.findId(catalog, acme.id(), "sales")).contains(sales);
        assertThat(kind.findId(catalog, globex.id(), "support")).contains(elsewhere);
    }

    @Test
    void one_name_may_be_used_by_every_kind_in_one_account() {
        for (NamedKind kind : NamedKind.values()) {
            kind.save(catalog, 0, acme.id(), "shared_name");
        }

        for (NamedKind kind : NamedKind.values()) {
            assertThat(kind.findId(catalog, acme.id(), "shared_name")).as(kind.name()).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void lists_are_sorted_by_name_and_confined_to_the_account(NamedKind kind) {
        for (String name : List.of("charlie", "alpha", "bravo_two", "bravo")) {
            kind.save(catalog, 0, acme.id(), name);
        }
        kind.save(catalog, 0, globex.id(), "aardvark");

        assertThat(kind.names(catalog, acme.id())).containsExactly("alpha", "bravo", "bravo_two", "charlie");
        assertThat(kind.names(catalog, globex.id())).containsExactly("aardvark");
        assertThat(kind.names(catalog, missingAccountId())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void delete_returns_true_once_and_then_false(NamedKind kind) {
        long doomed = kind.save(catalog, 0, acme.id(), "doomed");
        kind.save(catalog, 0, acme.id(), "kept");

        assertThat(kind.delete(catalog, doomed)).isTrue();
        assertThat(kind.delete(catalog, doomed)).isFalse();
        assertThat(kind.findId(catalog, acme.id(), "doomed")).isEmpty();
        assertThat(kind.names(catalog, acme.id())).containsExactly("kept");
    }

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void a_resource_of_a_missing_account_is_not_found(NamedKind kind) {
        assertFailsWith(ErrorKind.NOT_FOUND, () -> kind.save(catalog, 0, missingAccountId(), "orphan"));
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

        Chatbot saved = catalog.saveChatbot(chatbot);

        assertThat(saved).isEqualTo(chatbot.withId(saved.id()));
        assertThat(catalog.findChatbot(saved.id())).contains(saved);
        assertThat(catalog.findChatbot(acme.id(), "support_bot")).contains(saved);
        assertThat(catalog.listChatbots(acme.id())).containsExactly(saved);
    }

    @Test
    void a_minimal_chatbot_keeps_its_defaults_and_absent_values() {
        Chatbot chatbot = Chatbot.builder("minimal").accountId(acme.id()).createdAt(CREATED).build();

        Chatbot saved = catalog.saveChatbot(chatbot);

        assertThat(catalog.findChatbot(saved.id())).contains(chatbot.withId(saved.id()));
        assertThat(saved.appInfoUrl()).isNull();
        assertThat(saved.dailyTokenBudget()).isNull();
        assertThat(saved.appExamplePrompts()).isEmpty();
        assertThat(saved.defaultTemperature()).isEqualTo(Chatbot.DEFAULT_TEMPERATURE);
    }

    @Test
    void chatbots_are_found_by_name_only_within_their_account() {
        Chatbot saved = catalog.saveChatbot(chatbot(acme, "support"));

        assertThat(catalog.findChatbot(acme.id(), "support")).contains(saved);
        assertThat(catalog.findChatbot(globex.id(), "support")).isEmpty();
        assertThat(catalog.findChatbot(acme.id(), "unknown")).isEmpty();
    }

    @Test
    void chatbots_of_one_name_are_found_across_accounts() {
        Chatbot acmeSupport = catalog.saveChatbot(chatbot(acme, "support"));
        Chatbot globexSupport = catalog.saveChatbot(chatbot(globex, "support"));
        catalog.saveChatbot(chatbot(acme, "sales"));

        assertThat(catalog.findChatbotsNamed("support")).containsExactlyInAnyOrder(acmeSupport, globexSupport);
        assertThat(catalog.findChatbotsNamed("unknown")).isEmpty();
    }

    @Test
    void a_deleted_chatbot_is_no_longer_found_by_id() {
        Chatbot saved = catalog.saveChatbot(chatbot(acme, "support"));

        catalog.deleteChatbot(saved.id());

        assertThat(catalog.findChatbot(saved.id())).isEmpty();
        assertThat(catalog.findChatbotsNamed("support")).isEmpty();
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
            Plugin saved = catalog.savePlugin(plugin);

            assertThat(saved).isEqualTo(plugin.withId(saved.id()));
            assertThat(catalog.findPlugin(saved.id())).contains(saved);
            assertThat(catalog.findPlugin(acme.id(), plugin.name())).contains(saved);
        }
        assertThat(catalog.listPlugins(acme.id())).extracting(Plugin::name)
                .containsExactly("api_weather", "sql_sales", "static_faq");
    }

    @Test
    void a_deleted_plugin_is_no_longer_found_by_id() {
        long id = NamedKind.PLUGIN.save(catalog, 0, acme.id(), "faq");

        catalog.deletePlugin(id);

        assertThat(catalog.findPlugin(id)).isEmpty();
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
            SqlConnection saved = catalog.saveSqlConnection(connection);

            assertThat(saved).isEqualTo(connection.withId(saved.id()));
            assertThat(catalog.findSqlConnection(acme.id(), connection.name())).contains(saved);
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
            ApiConnection saved = catalog.saveApiConnection(connection);

            assertThat(saved).isEqualTo(connection.withId(saved.id()));
            assertThat(catalog.findApiConnection(acme.id(), connection.name())).contains(saved);
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
            ProviderSettings saved = catalog.saveProvider(provider);

            assertThat(saved).isEqualTo(provider.withId(saved.id()));
            assertThat(catalog.findProvider(acme.id(), provider.name())).contains(saved);
        }
        assertThat(catalog.listProviders(acme.id())).extracting(ProviderSettings::name)
                .containsExactly("gemini_eu", "local_ollama", "proxy");
    }

    // --------------------------------------------------------------------------------------------------- API keys

    @Test
    void api_keys_are_found_by_hash_and_listed_per_account() {
        ApiKey ci = catalog.saveApiKey(apiKey(acme, "ci", 'a'));
        ApiKey laptop = catalog.saveApiKey(apiKey(acme, "laptop", 'b'));
        ApiKey other = catalog.saveApiKey(apiKey(globex, "default", 'c'));

        assertThat(ci.id()).isNotZero();
        assertThat(ci).isEqualTo(apiKey(acme, "ci", 'a').withId(ci.id()));
        assertThat(catalog.findApiKeyByHash(hash('a'))).contains(ci);
        assertThat(catalog.findApiKeyByHash(hash('f'))).isEmpty();
        assertThat(catalog.listApiKeys(acme.id())).containsExactlyInAnyOrder(ci, laptop);
        assertThat(catalog.listApiKeys(globex.id())).containsExactly(other);
    }

    @Test
    void a_second_key_with_the_same_hash_is_a_conflict() {
        catalog.saveApiKey(apiKey(acme, "first", 'a'));

        assertFailsWith(ErrorKind.CONFLICT, () -> catalog.saveApiKey(apiKey(globex, "second", 'a')));
    }

    @Test
    void revoking_a_key_makes_it_inactive_and_works_once() {
        ApiKey key = catalog.saveApiKey(apiKey(acme, "ci", 'a'));
        Instant revokedAt = UPDATED.plusNanos(1_000);

        assertThat(catalog.revokeApiKey(key.id(), revokedAt)).isTrue();
        assertThat(catalog.revokeApiKey(key.id(), revokedAt.plusSeconds(60))).isFalse();

        assertThat(catalog.findApiKeyByHash(key.hash())).hasValueSatisfying(found -> {
            assertThat(found.isActive()).isFalse();
            assertThat(found.revokedAt()).isEqualTo(revokedAt);
        });
        assertThat(catalog.listApiKeys(acme.id())).singleElement().satisfies(k -> assertThat(k.isActive()).isFalse());
    }

    @Test
    void an_api_key_keeps_its_scope_also_when_revoked() {
        ApiKey chat = catalog.saveApiKey(new ApiKey(0, acme.id(), "widget", hash('c'), null, CREATED, null,
                KeyScope.CHAT));
        ApiKey admin = catalog.saveApiKey(new ApiKey(0, acme.id(), "ops", hash('e'), null, CREATED, null,
                KeyScope.ADMIN));
        catalog.revokeApiKey(chat.id(), UPDATED);

        assertThat(catalog.findApiKeyByHash(hash('c'))).hasValueSatisfying(found -> {
            assertThat(found.scope()).isEqualTo(KeyScope.CHAT);
            assertThat(found.isActive()).isFalse();
        });
        assertThat(catalog.findApiKeyByHash(hash('e')).map(ApiKey::scope)).contains(KeyScope.ADMIN);
        assertThat(catalog.listApiKeys(acme.id())).extracting(ApiKey::name, ApiKey::scope)
                .containsExactly(tuple("widget", KeyScope.CHAT), tuple("ops", KeyScope.ADMIN));
        assertThat(admin.scope()).isEqualTo(KeyScope.ADMIN);
    }

    @Test
    void revoking_an_unknown_key_returns_false() {
        ApiKey key = catalog.saveApiKey(apiKey(acme, "ci", 'a'));
        catalog.revokeApiKey(key.id(), UPDATED);

        assertThat(catalog.revokeApiKey(key.id() + 1_000_000, UPDATED)).isFalse();
    }

    @Test
    void an_api_key_of_a_missing_account_is_not_found() {
        assertFailsWith(ErrorKind.NOT_FOUND, () -> catalog.saveApiKey(new ApiKey(0, missingAccountId(), "orphan",
                hash('d'), null, CREATED, null)));
    }

    // -------------------------------------------------------------------------------------------------- fixtures

    /** An id no account has: the catalog holds only the accounts this class saved. */
    private long missingAccountId() {
        return catalog.listAccounts().stream().mapToLong(Account::id).max().orElse(0) + 1_000_000;
    }

    private static Chatbot chatbot(Account account, String name) {
        return Chatbot.builder(name).accountId(account.id()).createdAt(CREATED).build();
    }

    private Plugin plugin(String name, PluginSelector selector, PromptOverrides overrides,
                          List<PluginParameter> parameters, PluginData data) {
        return new Plugin(0, acme.id(), name, "The " + name + " plugin: \"quoted\" 😀", "1.2.3", selector, overrides,
                parameters, data, CREATED, UPDATED);
    }

    private static ApiKey apiKey(Account account, String name, char hashDigit) {
        return new ApiKey(0, account.id(), name, hash(hashDigit), "****" + name, CREATED, null);
    }

    private static String hash(char digit) {
        return String.valueOf(digit).repeat(64);
    }

    /**
     * The kinds of resource that have a name unique within their account, each reduced to the operations the shared
     * tests need. The resources are minimal, since the round-trip tests cover every field.
     */
    enum NamedKind {
        CHATBOT {
            @Override
            long save(ResourceCatalog catalog, long id, long accountId, String name) {
                return catalog.saveChatbot(Chatbot.builder(name).id(id).accountId(accountId).createdAt(CREATED)
                        .build()).id();
            }

            @Override
            Optional<Long> findId(ResourceCatalog catalog, long accountId, String name) {
                return catalog.findChatbot(accountId, name).map(Chatbot::id);
            }

            @Override
            List<String> names(ResourceCatalog catalog, long accountId) {
                return catalog.listChatbots(accountId).stream().map(Chatbot::name).toList();
            }

            @Override
            boolean delete(ResourceCatalog catalog, long id) {
                return catalog.deleteChatbot(id);
            }
        },
        PLUGIN {
            @Override
            long save(ResourceCatalog catalog, long id, long accountId, String name) {
                PluginData data = new PluginData.StaticData(JsonObject.builder().put("answer", 42).build());
                return catalog.savePlugin(new Plugin(id, accountId, name, null, null, null, null, null, data,
                        CREATED, null)).id();
            }

            @Override
            Optional<Long> findId(ResourceCatalog catalog, long accountId, String name) {
                return catalog.findPlugin(accountId, name).map(Plugin::id);
            }

            @Override
            List<String> names(ResourceCatalog catalog, long accountId) {
                return catalog.listPlugins(accountId).stream().map(Plugin::name).toList();
            }

            @Override
            boolean delete(ResourceCatalog catalog, long id) {
                return catalog.deletePlugin(id);
            }
        },
        SQL_CONNECTION {
            @Override
            long save(ResourceCatalog catalog, long id, long accountId, String name) {
                return catalog.saveSqlConnection(new SqlConnection(id, accountId, name, "jdbc:h2:mem:" + name, "sa",
                        null, 0, CREATED, null)).id();
            }

            @Override
            Optional<Long> findId(ResourceCatalog catalog, long accountId, String name) {
                return catalog.findSqlConnection(accountId, name).map(SqlConnection::id);
            }

            @Override
            List<String> names(ResourceCatalog catalog, long accountId) {
                return catalog.listSqlConnections(accountId).stream().map(SqlConnection::name).toList();
            }

            @Override
            boolean delete(ResourceCatalog catalog, long id) {
                return catalog.deleteSqlConnection(id);
            }
        },
        API_CONNECTION {
            @Override
            long save(ResourceCatalog catalog, long id, long accountId, String name) {
                return catalog.saveApiConnection(new ApiConnection(id, accountId, name, "https://api.example.com",
                        null, null, null, 0, CREATED, null)).id();
            }

            @Override
            Optional<Long> findId(ResourceCatalog catalog, long accountId, String name) {
                return catalog.findApiConnection(accountId, name).map(ApiConnection::id);
            }

            @Override
            List<String> names(ResourceCatalog catalog, long accountId) {
                return catalog.listApiConnections(accountId).stream().map(ApiConnection::name).toList();
            }

            @Override
            boolean delete(ResourceCatalog catalog, long id) {
                return catalog.deleteApiConnection(id);
            }
        },
        PROVIDER {
            @Override
            long save(ResourceCatalog catalog, long id, long accountId, String name) {
                return catalog.saveProvider(new ProviderSettings(id, accountId, name, "https://llm.example.com/v1/",
                        Secret.env("LLM_KEY"), "model-x", true, CREATED, null)).id();
            }

            @Override
            Optional<Long> findId(ResourceCatalog catalog, long accountId, String name) {
                return catalog.findProvider(accountId, name).map(ProviderSettings::id);
            }

            @Override
            List<String> names(ResourceCatalog catalog, long accountId) {
                return catalog.listProviders(accountId).stream().map(ProviderSettings::name).toList();
            }

            @Override
            boolean delete(ResourceCatalog catalog, long id) {
                return catalog.deleteProvider(id);
            }
        };

        /** Saves a minimal resource of this kind (inserting when {@code id} is 0) and returns its stored id. */
        abstract long save(ResourceCatalog catalog, long id, long accountId, String name);

        abstract Optional<Long> findId(ResourceCatalog catalog, long accountId, String name);

        /** The names {@code list*} returns, in its order. */
        abstract List<String> names(ResourceCatalog catalog, long accountId);

        abstract boolean delete(ResourceCatalog catalog, long id);
    }
}
