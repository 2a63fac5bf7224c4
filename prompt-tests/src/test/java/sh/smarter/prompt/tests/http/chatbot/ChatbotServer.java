package sh.smarter.prompt.tests.http.chatbot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.inmemory.InMemorySessionStore;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionQuery;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.http.PromptHttpApi;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.PromptHttpServer;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.JpaPersistence;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.providers.openai.OpenAiSettings;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;

/**
 * The real composition on a random port: the HTTP API over the OpenAI-compatible provider adapter, which talks
 * real HTTP to a {@link FakeOpenAiServer} scripted by {@link ScriptedModel}; sessions in memory or in H2 via JPA.
 * Account A owns the public chatbots {@code example} (the calculator, a plugin, an allowed origin) and
 * {@code other}, and {@code locked}, which requires an API key; account B owns nothing.
 */
public final class ChatbotServer implements AutoCloseable {
    static final List<String> EXAMPLE_PROMPTS = List.of("What is \"2+2\"?", "Emoji 🤖 and ünïcödé?",
            "Two\nlines with a \\ backslash", "<b>not bold</b> & ampersand");
    static final String ALLOWED_ORIGIN = "https://allowed.example.com";
    /** The provider's API key: sent to the fake model, never shown to clients. */
    static final String PROVIDER_KEY = "sk-test-provider-secret-9876";
    static final ObjectMapper JSON = new ObjectMapper();

    final FakeOpenAiServer model = FakeOpenAiServer.start().otherwise(ScriptedModel::reply);
    final SessionStore store;
    final ResourceCatalog catalog;
    final Account accountA;
    final Account accountB;
    final Chatbot example;
    final Chatbot other;
    final Chatbot locked;
    final PromptEngine engine;
    final String keyOfA;
    final String keyOfB;
    final PromptHttpServer server;
    private final AutoCloseable persistence;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Sessions and resources in memory: the fast composition for the endpoint tests. */
    public static ChatbotServer inMemory() {
        return new ChatbotServer(new InMemorySessionStore(), new InMemoryResourceCatalog(), () -> { });
    }

    /** Sessions and resources in an H2 database under {@code directory}, through the JPA adapter. */
    public static ChatbotServer onH2(Path directory) {
        JpaPersistence jpa = JpaPersistence.open(DatabaseSettings.embeddedH2(directory));
        return new ChatbotServer(jpa.sessionStore(), jpa.resourceCatalog(), jpa);
    }

    private ChatbotServer(SessionStore store, ResourceCatalog catalog, AutoCloseable persistence) {
        this.store = store;
        this.catalog = catalog;
        this.persistence = persistence;
        Instant created = Instant.parse("2026-11-26T07:00:00.123456Z");
        accountA = catalog.saveAccount(new Account(0, AccountNumber.parse("3141-5926-5359"), "A", created));
        accountB = catalog.saveAccount(new Account(0, AccountNumber.parse("2718-2818-2845"), "B", created));
        catalog.saveProvider(new ProviderSettings(0, accountA.id(), "fake", model.url(), Secret.value(PROVIDER_KEY),
                "fake-model", true, created, null));
        catalog.savePlugin(new Plugin(0, accountA.id(), "opening_hours", "When we are open", "0.2.0",
                PluginSelector.searchTerms(List.of("open", "hours")), null, null,
                new PluginData.StaticData((JsonObject) Json.parse("{\"weekdays\": \"9-17\"}")), created, null));
        example = catalog.saveChatbot(chatbot("example").appName("Example").description("The example chatbot")
                .appWelcomeMessage("Welcome! Ask me anything, or to multiply two numbers.")
                .appExamplePrompts(EXAMPLE_PROMPTS).appInfoUrl("https://example.com").appAssistant("Calcy")
                .functions(List.of("calculator")).plugins(List.of("opening_hours"))
                .allowedOrigins(List.of(ALLOWED_ORIGIN)).createdAt(created).build());
        other = catalog.saveChatbot(chatbot("other").createdAt(created).build());
        locked = catalog.saveChatbot(chatbot("locked").requiresApiKey(true).createdAt(created).build());
        engine = PromptEngine.builder()
                .sessionStore(store)
                .resourceCatalog(catalog)
                // One attempt: the scripted 503 must fail the turn at once instead of being retried.
                .chatCompletionProvider(new OpenAiCompatibleProvider(OpenAiSettings.DEFAULTS.withMaxAttempts(1)))
                .build();
        keyOfA = engine.apiKeys().create(accountA.id(), "a").clearKey();
        keyOfB = engine.apiKeys().create(accountB.id(), "b").clearKey();
        server = PromptHttpApi.start(engine, HttpSettings.onPort(0));
    }

    private Chatbot.Builder chatbot(String name) {
        return Chatbot.builder(name).accountId(accountA.id()).provider("fake").defaultModel("fake-model");
    }

    /** The server's URL, ending with "/". */
    public String baseUrl() {
        return server.localUrl();
    }

    public String url(String path) {
        return server.localUrl() + path;
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path)));
    }

    /** POST of a JSON body with the headers the React component sends (Bearer with an empty token included). */
    HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", "Bearer").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** A fresh session of the chatbot, as the component starts one: a config call with an empty key. */
    String newSession(String chatbot) {
        HttpResponse<String> response = postJson("api/v1/chatbots/" + chatbot + "/config/", "{\"session_key\": \"\"}");
        return Envelopes.assertSuccess(response, "chat_config", "ChatConfig").get("session_key").asText();
    }

    /** What ui-chat 0.3.0 posts: its intro messages, extra keys included, then the new user message. */
    static String componentBody(String key, String input) {
        return "{\"session_key\": \"" + key + "\", \"messages\": ["
                + "{\"role\": \"system\", \"content\": \"You are helpful.\"},"
                + "{\"role\": \"assistant\", \"content\": \"Welcome!\", \"smarter_is_new\": false},"
                + "{\"role\": \"tool\", \"content\": \"{}\", \"tool_call_id\": \"orphan\", \"annotations\": []},"
                + "{\"role\": \"user\", \"content\": " + JSON.valueToTree(input) + "}]}";
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Sessions and messages stored for every chatbot: what "nothing stored" compares. */
    Counts counts() {
        long sessions = 0;
        long messages = 0;
        for (Chatbot chatbot : List.of(example, other, locked)) {
            for (Session session : store.list(SessionQuery.firstPage(chatbot.id(), SessionQuery.MAX_LIMIT))
                    .sessions()) {
                sessions++;
                messages += store.countMessages(session.id());
            }
        }
        return new Counts(sessions, messages);
    }

    record Counts(long sessions, long messages) {
    }

    @Override
    public void close() {
        try (AutoCloseable closing = persistence; FakeOpenAiServer closingModel = model) {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not close the test server", e);
        }
    }
}
