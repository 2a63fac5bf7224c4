package sh.smarter.prompt.tests.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ApiKey;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.KeyScope;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.resource.PromptOverrides;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.persistence.database.JpaPersistence;
import sh.smarter.prompt.persistence.database.SchemaMigrations;
import sh.smarter.prompt.persistence.database.SchemaStatus;

/**
 * Upgrading: a database that the first release created and filled is opened by the current build, which migrates it
 * and reads every row back unchanged. Subclasses choose the database; each test gets a new, empty one.
 */
abstract class SchemaMigrationScenarios {
    private static final SessionKey FIRST_KEY = new SessionKey("ab".repeat(32));
    private static final SessionKey SECOND_KEY = new SessionKey("cd".repeat(32));
    private static final String EMOJI = "Wie ist das Wetter in Zürich? 🧠🚀 𝄞 👩🏽‍💻";

    private JpaTestDatabase database;

    /** A database that exists but holds no tables yet. */
    protected abstract JpaTestDatabase newDatabase();

    @BeforeEach
    void createDatabase() {
        database = newDatabase();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void an_empty_database_is_migrated_to_the_latest_version_on_open() {
        SchemaStatus status = database.persistence().migrationInfo();

        assertThat(status.applied()).containsExactly("1", "2", "3", "6", "9");
        assertThat(status.currentVersion()).isEqualTo("9");
        assertThat(status.isUpToDate()).isTrue();
    }

    @Test
    void a_database_filled_by_version_1_is_upgraded_without_losing_anything() {
        SchemaStatus atVersion1 = SchemaMigrations.migrateTo(database.settings(), "1");
        assertThat(atVersion1.currentVersion()).isEqualTo("1");
        assertThat(atVersion1.pending()).containsExactly("2", "3", "6", "9");
        database.execute(statementsOf("/persistence/v1-data.sql"));

        JpaPersistence upgraded = database.persistence();

        assertThat(upgraded.migrationInfo().currentVersion()).isEqualTo("9");
        assertSessionsSurvived(upgraded.sessionStore());
        assertResourcesSurvived(upgraded.resourceCatalog());
    }

    @Test
    void an_upgraded_session_takes_new_turns_after_its_old_messages_and_keeps_counting_tokens() {
        SchemaMigrations.migrateTo(database.settings(), "1");
        database.execute(statementsOf("/persistence/v1-data.sql"));
        SessionStore store = database.persistence().sessionStore(Clock.fixed(at("2030-03-01 00:00:00"),
                ZoneOffset.UTC));

        store.appendTurn(100, new Turn("turn-c", 10, 1, at("2030-03-01 00:00:00"), List.of(NewMessage.system("x")),
                List.of(NewMessage.user("and tomorrow?")), List.of(), List.of(), List.of(), new TokenUsage(1, 1, 2),
                "ignored"));

        assertThat(store.messagesAfter(100, 0, 10)).extracting(Message::seq, Message::content).containsExactly(
                tuple(1L, "You are Smarter."),
                tuple(2L, EMOJI),
                tuple(3L, null),
                tuple(4L, "{\"temperature\":21.5}"),
                tuple(5L, "and tomorrow?"));
        assertThat(store.findById(100)).map(Session::title).contains("Weather in Zürich 😀");
        assertThat(store.tokenUsageOfChatbot(10)).isEqualTo(new TokenUsage(126, 31, 157));
        assertThat(store.tokenUsageOfAccount(1)).isEqualTo(new TokenUsage(126, 31, 157));
    }

    @Test
    void a_schema_that_does_not_match_the_entities_is_refused_when_opening() {
        SchemaMigrations.migrateTo(database.settings(), "3");
        database.execute("ALTER TABLE messages DROP COLUMN tool_call_id");

        assertThatThrownBy(() -> JpaPersistence.open(database.settings()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not match")
                .hasMessageContaining("tool_call_id");
    }

    private static void assertSessionsSurvived(SessionStore store) {
        Session first = store.find(10, FIRST_KEY).orElseThrow();
        assertThat(first).isEqualTo(new Session(100, FIRST_KEY, 10, new ClientInfo("203.0.113.7", "Mozilla/5.0",
                "https://acme.example/chat", null), "Weather in Zürich 😀", at("2030-02-01 10:00:00.000001"),
                at("2030-02-01 10:00:02.654321"), 4));
        assertThat(store.findLatestByClientId(10, "cli:key-1:alice")).map(Session::key).contains(SECOND_KEY);

        Instant stored = at("2030-02-01 10:00:02.654321");
        assertThat(store.messagesAfter(100, 0, 10)).containsExactly(
                new Message(1, Role.SYSTEM, "You are Smarter.", null, null, null, "turn-a", stored),
                new Message(2, Role.USER, EMOJI, null, null, "alice", "turn-a", stored),
                new Message(3, Role.ASSISTANT, null, List.of(new ToolCall("call_1", "get_current_weather", "{}")),
                        null, null, "turn-a", stored),
                new Message(4, Role.TOOL, "{\"temperature\":21.5}", null, "call_1", "get_current_weather", "turn-a",
                        stored));
        assertThat(store.recentMessages(101, Set.of(Role.SMARTER_ERROR), 5)).extracting(Message::content)
                .containsExactly("The provider failed");
        assertThat(store.countMessages(100)).isEqualTo(4);

        assertThat(store.recentProviderExchanges(100, 5)).containsExactly(new ProviderExchange("turn-a", 1, "openai",
                "gpt-4o-mini", object("{\"model\":\"gpt-4o-mini\",\"temperature\":0.0}"),
                object("{\"id\":\"chatcmpl-1\",\"usage\":{\"total_tokens\":150}}"), new TokenUsage(120, 30, 150), 850,
                null, at("2030-02-01 10:00:02")));
        assertThat(store.recentProviderExchanges(101, 5)).singleElement()
                .satisfies(e -> assertThat(e.error()).isEqualTo("provider answered 429: rate limited"));
        assertThat(store.recentToolExecutions(100, 5)).containsExactly(new ToolExecution("turn-a", "call_1",
                "get_current_weather", "{}", "{\"temperature\":21.5}", null, null, 312, at("2030-02-01 10:00:02.1")));
        assertThat(store.recentPluginSelections(100, 5)).containsExactly(new PluginSelection("turn-a", 20, "faq",
                "Wie ist das Wetter in Zürich?", "search term hours", at("2030-02-01 10:00:01.5")));

        // Version 2 carried the tokens of the turns stored by version 1 over into its running totals.
        assertThat(store.tokenUsageOfChatbot(10)).isEqualTo(new TokenUsage(125, 30, 155));
        assertThat(store.tokenUsageOfAccount(1)).isEqualTo(new TokenUsage(125, 30, 155));
        assertThat(store.countSessionsByChatbot()).isEqualTo(Map.of(10L, 2L));
    }

    private static void assertResourcesSurvived(ResourceCatalog catalog) {
        assertThat(catalog.findAccount(new AccountNumber("1234-5678-9012"))).contains(
                new Account(1, new AccountNumber("1234-5678-9012"), "Acme 😀", at("2030-01-02 03:04:05.123456")));

        Chatbot chatbot = catalog.findChatbot(1, "support").orElseThrow();
        assertThat(chatbot).isEqualTo(Chatbot.builder("support").id(10).accountId(1)
                .description("Answers support questions").version("1.2.0").provider("openai")
                .defaultModel("gpt-4o-mini").defaultSystemRole("You are Smarter.").defaultTemperature(0.0)
                .defaultMaxTokens(512).appName("Acme Support").appAssistant("Ada").appWelcomeMessage("Welcome! 👋")
                .appExamplePrompts(List.of("Opening hours?", "Weather in Zürich?")).appPlaceholder("Ask Ada…")
                .appInfoUrl("https://acme.example/info").appFileAttachment(false).deployed(true)
                .functions(List.of("get_current_weather", "calculator")).plugins(List.of("faq", "prices"))
                .requiresApiKey(true).allowedOrigins(List.of("https://acme.example"))
                .createdAt(at("2030-01-02 03:04:06.000001")).updatedAt(at("2030-01-03 00:00:00.5")).build());

        assertThat(catalog.findPlugin(1, "faq")).contains(new Plugin(20, 1, "faq", "The FAQ", "1.0.0",
                PluginSelector.searchTerms(List.of("hours", "faq")),
                new PromptOverrides("Answer from the FAQ.", null, 0.0, null), List.of(),
                new PluginData.StaticData(object("{\"hours\":\"9-17\",\"days\":[1,2,3]}")),
                at("2030-01-02 03:04:07"), null));
        assertThat(catalog.findSqlConnection(1, "shop_db")).hasValueSatisfying(c -> {
            assertThat(c.password()).isEqualTo(Secret.env("SHOP_DB_PASSWORD"));
            assertThat(c.jdbcUrl()).isEqualTo("jdbc:mysql://db.example:3306/shop");
        });
        assertThat(catalog.findApiConnection(1, "weather_api")).hasValueSatisfying(c ->
                assertThat(c.credential()).isEqualTo(Secret.value("token-123😀")));
        assertThat(catalog.findProvider(1, "local_ollama")).hasValueSatisfying(p -> {
            assertThat(p.apiKey()).isEqualTo(Secret.NONE);
            assertThat(p.defaultModel()).isEqualTo("llama3.1:8b");
        });
        // A key from before scopes existed keeps doing everything it did: V6 made it an admin key.
        assertThat(catalog.findApiKeyByHash("a".repeat(64))).contains(new ApiKey(60, 1, "ci", "a".repeat(64),
                "****abcd", at("2030-01-02 03:04:11"), null, KeyScope.ADMIN));
    }

    /** The statements of a script in the test resources, split at lines that end with ';'. */
    private static String[] statementsOf(String resource) {
        String script;
        try (InputStream in = SchemaMigrationScenarios.class.getResourceAsStream(resource)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        assertThat(current.toString().strip()).as("text after the last statement of %s", resource).isEmpty();
        return statements.toArray(String[]::new);
    }

    private static Instant at(String utc) {
        return java.time.LocalDateTime.parse(utc.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    private static JsonObject object(String json) {
        return (JsonObject) Json.parse(json);
    }
}
