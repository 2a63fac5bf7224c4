package sh.smarter.prompt.tests.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
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
import sh.smarter.prompt.core.session.DailyTokenUse;
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

        assertThat(status.applied()).containsExactly("1", "2", "3", "4", "6", "7", "9", "11", "12", "13");
        assertThat(status.currentVersion()).isEqualTo("13");
        assertThat(status.isUpToDate()).isTrue();
    }

    @Test
    void a_database_filled_by_version_1_is_upgraded_without_losing_anything() {
        SchemaStatus atVersion1 = SchemaMigrations.migrateTo(database.settings(), "1");
        assertThat(atVersion1.currentVersion()).isEqualTo("1");
        assertThat(atVersion1.pending()).containsExactly("2", "3", "4", "6", "7", "9", "11", "12", "13");
        database.execute(statementsOf("/persistence/v1-data.sql"));

        JpaPersistence upgraded = database.persistence();

        assertThat(upgraded.migrationInfo().currentVersion()).isEqualTo("13");
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

        // Rows of version 1 name their turn; rows from version 12 on find it by their position in it.
        assertThat(store.messagesAfter(100, 0, 10)).extracting(Message::seq, Message::content, Message::turnId)
                .containsExactly(
                        tuple(1L, "You are Smarter.", "turn-a"),
                        tuple(2L, EMOJI, "turn-a"),
                        tuple(3L, null, "turn-a"),
                        tuple(4L, "{\"temperature\":21.5}", "turn-a"),
                        tuple(5L, "and tomorrow?", "turn-c"));
        assertThat(store.recentMessages(100, Set.of(Role.USER), 2)).extracting(Message::turnId)
                .containsExactly("turn-a", "turn-c");
        assertThat(store.findById(100)).map(Session::title).contains("Weather in Zürich 😀");
        assertThat(store.tokenUsageOfChatbot(10)).isEqualTo(new TokenUsage(126, 31, 157));
        assertThat(store.tokenUsageOfAccount(1)).isEqualTo(new TokenUsage(126, 31, 157));
        assertThat(store.tokensUsedOn(LocalDate.parse("2030-03-01"), 10, 1))
                .isEqualTo(new DailyTokenUse(LocalDate.parse("2030-03-01"), 2, 2));
    }

    @Test
    void tokens_of_sessions_deleted_before_the_daily_totals_existed_stay_in_the_all_time_totals() {
        SchemaMigrations.migrateTo(database.settings(), "1");
        database.execute(statementsOf("/persistence/v1-data.sql"));
        SchemaMigrations.migrateTo(database.settings(), "3");
        // Charged on 2030-02-02 and counted in the all-time totals (V2), then deleted before V7 counted days.
        database.execute(new String[] {"DELETE FROM sessions WHERE id = 101"});

        SessionStore store = database.persistence().sessionStore();

        assertThat(store.tokenUsageOfChatbot(10)).isEqualTo(new TokenUsage(125, 30, 155));
        assertThat(store.tokenUsageOfAccount(1)).isEqualTo(new TokenUsage(125, 30, 155));
        assertThat(store.tokensUsedOn(LocalDate.parse("2030-02-01"), 10, 1))
                .isEqualTo(new DailyTokenUse(LocalDate.parse("2030-02-01"), 150, 150));
        assertThat(store.tokensUsedOn(LocalDate.parse("2030-02-02"), 10, 1))
                .isEqualTo(new DailyTokenUse(LocalDate.parse("2030-02-02"), 0, 0));
    }

    @Test
    void exchanges_stored_whole_by_version_3_are_converted_to_references_and_read_back_equal() throws Exception {
        SchemaMigrations.migrateTo(database.settings(), "3");
        List<NewMessage> messages = List.of(NewMessage.system("You are Smarter. " + EMOJI),
                NewMessage.user("What is 6*7?"),
                NewMessage.assistant(null, List.of(new ToolCall("call_1", "calculator", "{\"expression\":\"6*7\"}"))),
                NewMessage.toolResult("call_1", "calculator", "{\"result\":42}"),
                NewMessage.assistant("It is 42."));
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"calculator\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"expression\":{\"type\":\"string\"}}}}}]";
        List<String> requests = List.of(request(messages.subList(0, 2), tools), request(messages.subList(0, 4), tools),
                // What an older build sent differently (another member order) must come back as it was, too.
                "{\"messages\":[{\"content\":\"What is 6*7?\",\"role\":\"user\"}],\"model\":\"gpt-4o-mini\"}");
        List<String> responses = List.of("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":"
                + "\"calculator\",\"arguments\":\"{\\\"expression\\\":\\\"6*7\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}",
                "{\"id\":\"c2\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"It is 42.\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":4,\"total_tokens\":24}}",
                "{\"id\":\"c3\"}");
        try (java.sql.Connection connection = database.connection()) {
            connection.createStatement().execute("INSERT INTO sessions (id, session_key, chatbot_id, created_at,"
                    + " updated_at, last_seq) VALUES (300, '" + "ef".repeat(32) + "', 10, '2030-02-01 10:00:00',"
                    + " '2030-02-01 10:00:00', 5)");
            try (java.sql.PreparedStatement insert = connection.prepareStatement("INSERT INTO messages (session_id,"
                    + " seq, role, content, tool_calls, tool_call_id, name, turn_id, created_at)"
                    + " VALUES (300, ?, ?, ?, ?, ?, ?, 'turn-x', '2030-02-01 10:00:01')")) {
                for (int i = 0; i < messages.size(); i++) {
                    NewMessage m = messages.get(i);
                    insert.setLong(1, i + 1);
                    insert.setString(2, m.role().wireName());
                    insert.setString(3, m.content());
                    insert.setString(4, m.toolCalls().isEmpty() ? null
                            : "[{\"id\":\"call_1\",\"name\":\"calculator\",\"arguments\":\"{\\\"expression\\\":\\\"6*7\\\"}\"}]");
                    insert.setString(5, m.toolCallId());
                    insert.setString(6, m.name());
                    insert.executeUpdate();
                }
            }
            connection.createStatement().execute("INSERT INTO turns (session_id, first_seq, turn_id, chatbot_id,"
                    + " account_id, message_count, prompt_tokens, completion_tokens, total_tokens, started_at,"
                    + " stored_at) VALUES (300, 1, 'turn-x', 10, 1, 5, 30, 9, 39, '2030-02-01 10:00:00',"
                    + " '2030-02-01 10:00:01')");
            try (java.sql.PreparedStatement insert = connection.prepareStatement("INSERT INTO provider_exchanges"
                    + " (session_id, turn_seq, ordinal, turn_id, round_number, provider, model, request_json,"
                    + " response_json, prompt_tokens, completion_tokens, total_tokens, latency_ms, error, created_at)"
                    + " VALUES (300, 1, ?, 'turn-x', ?, 'openai', 'gpt-4o-mini', ?, ?, ?, ?, ?, 7, NULL,"
                    + " '2030-02-01 10:00:00.123456')")) {
                for (int i = 0; i < requests.size(); i++) {
                    insert.setInt(1, i);
                    insert.setInt(2, i + 1);
                    insert.setString(3, requests.get(i));
                    insert.setString(4, responses.get(i));
                    insert.setLong(5, i == 0 ? 10 : i == 1 ? 20 : 0);
                    insert.setLong(6, i == 0 ? 5 : i == 1 ? 4 : 0);
                    insert.setLong(7, i == 0 ? 15 : i == 1 ? 24 : 0);
                    insert.executeUpdate();
                }
            }
        }

        JpaPersistence upgraded = database.persistence();

        List<ProviderExchange> readBack = new ArrayList<>(upgraded.sessionStore().recentProviderExchanges(300, 10));
        java.util.Collections.reverse(readBack);
        assertThat(readBack).extracting(e -> e.request().toJson()).containsExactlyElementsOf(requests);
        assertThat(readBack).extracting(e -> e.response().toJson()).containsExactlyElementsOf(responses);
        assertThat(readBack).extracting(ProviderExchange::round, ProviderExchange::turnId, ProviderExchange::usage)
                .containsExactly(tuple(1, "turn-x", new TokenUsage(10, 5, 15)), tuple(2, "turn-x",
                        new TokenUsage(20, 4, 24)), tuple(3, "turn-x", TokenUsage.NONE));
        assertThat(readBack.get(0).createdAt()).isEqualTo(at("2030-02-01 10:00:00.123456"));
        try (java.sql.Connection connection = database.connection();
             java.sql.ResultSet row = connection.createStatement().executeQuery(
                     "SELECT exchanges FROM turns WHERE session_id = 300")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).as("the system message is named, not copied").doesNotContain("Smarter.")
                    .doesNotContain("\"parameters\"").doesNotContain("It is 42.");
        }
    }

    private static String request(List<NewMessage> messages, String tools) {
        sh.smarter.prompt.core.json.JsonArray.Builder list = sh.smarter.prompt.core.json.JsonArray.builder();
        messages.forEach(m -> list.add(sh.smarter.prompt.core.provider.ChatRequest.messageJson(m)));
        return JsonObject.builder().put("model", "gpt-4o-mini").put("messages", list.build())
                .put("temperature", 0.0).put("max_completion_tokens", 2048).put("tools", Json.parse(tools))
                .put("tool_choice", "auto").build().toJson();
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
        // Version 7 carried them into per-day totals too, by the UTC day each turn started.
        assertThat(store.tokensUsedOn(LocalDate.parse("2030-02-01"), 10, 1))
                .isEqualTo(new DailyTokenUse(LocalDate.parse("2030-02-01"), 150, 150));
        assertThat(store.tokensUsedOn(LocalDate.parse("2030-02-02"), 10, 1))
                .isEqualTo(new DailyTokenUse(LocalDate.parse("2030-02-02"), 5, 5));
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
