package sh.smarter.prompt.tests.lean;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.inmemory.CachingResourceCatalog;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.http.PromptHttpApi;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.PromptHttpServer;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.JpaPersistence;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.providers.openai.OpenAiSettings;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.Reply;

/**
 * What one prompt turn sends to the database, counted at the JDBC boundary of the product as {@code serve}
 * composes it (JPA on the subclass's database, the resource cache, the real HTTP API, the OpenAI-compatible adapter
 * against the fake model). Counts are exact, so they are asserted: a change that adds a round trip to a turn fails
 * here. What the driver sends on its own (a MySQL connection's set-up when the pool opens it) is not counted.
 *
 * <p>The resource cache is warm (it checks the catalog's version once an hour here; in {@code serve} once a second,
 * so at most once a second a turn also runs that one-statement read transaction).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TurnStatementCountScenarios {
    private static final Instant CREATED = Instant.parse("2026-11-26T07:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeOpenAiServer model = FakeOpenAiServer.start();
    private final HttpClient client = HttpClient.newHttpClient();
    private CountingDataSource counting;
    private JpaPersistence persistence;
    private PromptHttpServer http;
    private DatabaseSettings settings;

    /** The database the turns are stored in. */
    protected abstract DatabaseSettings database();

    /** Gives the database back, after the server has stopped. */
    protected void release(DatabaseSettings database) {
    }

    /**
     * How many statements (commits included) a turn's append sends: its claim, then its writes, each on its own
     * or all in one text, then the commit.
     *
     * @param writes the statements of the turn after its claim, on their own
     */
    protected abstract int appendStatements(int writes);

    @BeforeAll
    void start() {
        settings = database();
        persistence = JpaPersistence.open(settings, Clock.systemUTC(), pool -> counting = new CountingDataSource(pool));
        ResourceCatalog catalog = persistence.resourceCatalog();
        Account account = catalog.saveAccount(new Account(0, AccountNumber.parse("3141-5926-5359"), "A", CREATED));
        catalog.saveProvider(new ProviderSettings(0, account.id(), "fake", model.url(), Secret.NONE, "fake-model",
                false, CREATED, null));
        catalog.saveChatbot(Chatbot.builder("plain").accountId(account.id()).provider("fake")
                .defaultModel("fake-model").createdAt(CREATED).build());
        catalog.saveChatbot(Chatbot.builder("calc").accountId(account.id()).provider("fake")
                .defaultModel("fake-model").functions(List.of("calculator")).createdAt(CREATED).build());
        PromptEngine engine = PromptEngine.builder()
                .sessionStore(persistence.sessionStore())
                .resourceCatalog(new CachingResourceCatalog(catalog, Duration.ofHours(1)))
                .chatCompletionProvider(new OpenAiCompatibleProvider(OpenAiSettings.DEFAULTS, variable -> null))
                // The system message's date line says the second of each turn; whether it equals the stored one
                // changes how a request is stored by reference, and with it the exchange shape a turn inserts.
                .clock(Clock.fixed(CREATED.plusSeconds(3_600), ZoneOffset.UTC))
                .build();
        http = PromptHttpApi.start(engine, HttpSettings.onPort(0));
        model.otherwise(Reply.text("fine"));
    }

    @AfterAll
    void stop() {
        http.stop();
        persistence.close();
        model.close();
        release(settings);
    }

    @Test
    void a_turn_on_an_existing_session_of_a_public_chatbot_without_tools_takes_two_transactions_of_seven_statements() {
        String key = newSession("plain");
        prompt("plain", key, "Warm up the cache and the statement caches");

        CountingDataSource.Counts counts = counting.count(() -> prompt("plain", key, "And now?"));

        System.out.println("existing session, no tools, public chatbot, bearer token sent: " + counts);
        // The bound is 8; the read (one statement, commit) and the append (claim; messages, turn with its
        // exchange, the day's token totals that budgets and all-time totals both count from; commit): 7 on their
        // own, 5 when the three writes go as one text.
        assertThat(counts.transactions()).as("%s", counts).isEqualTo(2);
        assertThat(counts.statements()).as("%s", counts).hasSize(2 + appendStatements(3));
        assertThat(counts.statements()).as("no API key lookup for a public chatbot")
                .noneMatch(sql -> sql.toLowerCase(Locale.ROOT).contains("api_keys"));
        assertThat(counts.statements()).as("the window kept from the turn before: the read selects no messages")
                .noneMatch(sql -> sql.toLowerCase(Locale.ROOT).startsWith("select")
                        && sql.toLowerCase(Locale.ROOT).contains("messages"));
    }

    @Test
    void a_turn_that_starts_a_session_adds_only_the_session_insert() {
        // Sessions charge one of 16 shards of the token totals; the first charge of a shard inserts its rows.
        for (int i = 0; i < 16; i++) {
            prompt("plain", null, "Warm up " + i);
        }

        CountingDataSource.Counts counts = counting.count(() -> prompt("plain", null, "Hello, new session"));

        System.out.println("new session, no tools: " + counts);
        // The session insert (and its commit) instead of the read: a new session has nothing to read.
        assertThat(counts.transactions()).as("%s", counts).isEqualTo(2);
        assertThat(counts.statements()).as("%s", counts).hasSize(2 + appendStatements(3));
    }

    @Test
    void a_turn_with_one_tool_round_adds_the_tool_calls_and_inserts_a_tool_set_only_the_first_time() {
        String key = newSession("calc");
        model.callTools(FakeOpenAiServer.toolCall("calculator", "{\"expression\":\"6*7\"}")).answer("42");
        prompt("calc", key, "Warm up: what is 6*7?");
        model.callTools(FakeOpenAiServer.toolCall("calculator", "{\"expression\":\"6*9\"}")).answer("54");

        CountingDataSource.Counts counts = counting.count(() -> prompt("calc", key, "What is 6*9?"));

        System.out.println("existing session, one tool round: " + counts);
        // The plain turn's writes, plus the tool calls. The warm-up turn stored the tool set and the exchange
        // shape; a turn that offers the same tools inserts neither again.
        assertThat(counts.transactions()).as("%s", counts).isEqualTo(2);
        assertThat(counts.statements()).as("%s", counts).hasSize(2 + appendStatements(4));
        assertThat(counts.statements()).as("the tool set is stored once")
                .noneMatch(sql -> sql.toLowerCase(Locale.ROOT).contains("tool_sets"));
    }

    private JsonNode prompt(String chatbot, String sessionKey, String text) {
        String url = http.localUrl() + "api/v1/chatbots/" + chatbot + "/prompt/"
                + (sessionKey == null ? "" : "?session_key=" + sessionKey);
        return post(url, "{\"messages\":[{\"role\":\"user\",\"content\":" + JSON.valueToTree(text) + "}]}");
    }

    /** A new session, as the chat component starts one: by loading the configuration object. */
    private String newSession(String chatbot) {
        JsonNode config = post(http.localUrl() + "api/v1/chatbots/" + chatbot + "/config/", "{}");
        JsonNode key = config.findValue("session_key");
        assertThat(key).as("session_key in %s", config).isNotNull();
        return key.asText();
    }

    private JsonNode post(String url, String body) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    // What the chat component sends when the host page has a session cookie.
                    .header("Authorization", "Bearer 4n0th3r-s1t3s-s3ss10n-c00k13")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
