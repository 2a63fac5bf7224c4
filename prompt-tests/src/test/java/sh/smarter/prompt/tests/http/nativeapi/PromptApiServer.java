package sh.smarter.prompt.tests.http.nativeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.plugintarget.PluginTargets;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.inmemory.InMemorySessionStore;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.http.PromptHttpApi;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.PromptHttpServer;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.providers.openai.OpenAiSettings;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;

/**
 * The whole HTTP API on a random port, over the real OpenAI-compatible adapter talking to the scripted
 * {@link FakeOpenAiServer}, with in-memory storage. Account A owns {@code example} (public, with the calculator)
 * and {@code locked} (requires a key); account B owns {@code bravo}. Provider calls time out after
 * {@link #PROVIDER_TIMEOUT} and are not retried, so failure tests are quick.
 *
 * <p>As a JUnit extension ({@code @RegisterExtension static final PromptApiServer api = PromptApiServer.start()})
 * it serves one test class: the fake's script is cleared before each test and the server stops after the class.
 */
public final class PromptApiServer implements AutoCloseable, BeforeEachCallback, AfterAllCallback {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(2);

    public final FakeOpenAiServer fake = FakeOpenAiServer.start();
    public final InMemoryResourceCatalog catalog = new InMemoryResourceCatalog();
    public final SessionStore store;
    public final PromptEngine engine;
    public final Account accountA;
    public final Account accountB;
    public final Chatbot example;
    public final Chatbot locked;
    public final Chatbot bravo;
    public final String keyOfA;
    public final String keyOfB;
    public final PromptHttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PromptApiServer(SessionStore store) {
        this(store, PROVIDER_TIMEOUT);
    }

    private PromptApiServer(SessionStore store, Duration providerTimeout) {
        this.store = store;
        Instant created = Instant.parse("2026-11-26T07:00:00Z");
        accountA = catalog.saveAccount(new Account(0, AccountNumber.parse("3141-5926-5359"), "Account A", created));
        accountB = catalog.saveAccount(new Account(0, AccountNumber.parse("2718-2818-2845"), "Account B", created));
        for (Account account : List.of(accountA, accountB)) {
            catalog.saveProvider(new ProviderSettings(0, account.id(), "fake", fake.url(), Secret.NONE, "fake-model",
                    false, created, created));
        }
        example = catalog.saveChatbot(Chatbot.builder("example").accountId(accountA.id()).provider("fake")
                .appWelcomeMessage("Welcome to the example").appExamplePrompts(List.of("What is 6*7?"))
                .functions(List.of("calculator")).createdAt(created).build());
        locked = catalog.saveChatbot(Chatbot.builder("locked").accountId(accountA.id()).provider("fake")
                .requiresApiKey(true).createdAt(created).build());
        bravo = catalog.saveChatbot(Chatbot.builder("bravo").accountId(accountB.id()).provider("fake")
                .createdAt(created).build());
        OpenAiSettings providerSettings = OpenAiSettings.DEFAULTS.withRequestTimeout(providerTimeout)
                .withMaxAttempts(1);
        engine = PromptEngine.builder()
                .sessionStore(store)
                .resourceCatalog(catalog)
                .chatCompletionProvider(new OpenAiCompatibleProvider(providerSettings, name -> null))
                // NativeFailureStatusTest's provider names a variable that is bound to the fake's host but unset.
                .pluginTargets(PluginTargets.defaults().bindingSecret("SMARTER_TEST_UNSET_PROVIDER_KEY_13", "127.0.0.1"))
                .build();
        keyOfA = engine.apiKeys().create(accountA.id(), "laptop").clearKey();
        keyOfB = engine.apiKeys().create(accountB.id(), "b").clearKey();
        server = PromptHttpApi.start(engine, HttpSettings.onPort(0));
    }

    public static PromptApiServer start() {
        return new PromptApiServer(new InMemorySessionStore());
    }

    /** A server whose provider calls may take up to {@code providerTimeout} (for slow scripted answers). */
    public static PromptApiServer withProviderTimeout(Duration providerTimeout) {
        return new PromptApiServer(new InMemorySessionStore(), providerTimeout);
    }

    /** A server whose store answers everything but says the database is unreachable. */
    public static PromptApiServer withUnreachableStore() {
        SessionStore real = new InMemorySessionStore();
        SessionStore unreachable = (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
                new Class<?>[] {SessionStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("isReachable")) {
                        return false;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new PromptApiServer(unreachable);
    }

    public String url(String path) {
        return server.localUrl() + (path.startsWith("/") ? path.substring(1) : path);
    }

    public HttpRequest.Builder request(String path, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
        return apiKey == null ? request : request.header("Authorization", "Token " + apiKey);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String apiKey) {
        return send(request(path, apiKey).GET());
    }

    public HttpResponse<String> delete(String path, String apiKey) {
        return send(request(path, apiKey).DELETE());
    }

    public HttpResponse<String> post(String path, String apiKey, String contentType, String body) {
        return send(request(path, apiKey).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> postJson(String path, String apiKey, String json) {
        return post(path, apiKey, "application/json", json);
    }

    public HttpClient client() {
        return http;
    }

    public static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** {"input": text} as JSON. */
    public static String input(String text) {
        return JSON.createObjectNode().put("input", text).toString();
    }

    /** Every stored message of a session of the chatbot, oldest first. */
    public List<Message> storedMessages(Chatbot chatbot, String sessionKey) {
        Session session = store.find(chatbot.id(), SessionKey.parse(sessionKey))
                .orElseThrow(() -> new AssertionError("no session " + sessionKey));
        return store.messagesAfter(session.id(), 0, 100_000);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        fake.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop();
        fake.close();
    }
}
