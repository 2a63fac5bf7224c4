package sh.smarter.prompt.tests.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bucket4j.TimeMeter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.http.PromptHttpApi;
import sh.smarter.prompt.http.limit.JavalinRateLimits;
import sh.smarter.prompt.http.limit.RateLimitSettings;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.PromptHttpServer;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.JpaPersistence;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.providers.openai.OpenAiSettings;
import sh.smarter.prompt.tests.contract.ContractClock;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;

/**
 * The product as {@code serve} composes it — JPA on an embedded H2 database (or the one given), the OpenAI-compatible adapter talking
 * to a {@link FakeOpenAiServer} that echoes, the whole HTTP API on a random loopback port — with a clock the test
 * moves. Account A (no budget) owns {@code capped} (daily budget {@value #CHATBOT_BUDGET} tokens) and
 * {@code open}; account B (daily budget {@value #ACCOUNT_BUDGET} tokens) owns {@code bravo} and {@code brother}.
 */
final class LimitsServer implements AutoCloseable {
    static final long CHATBOT_BUDGET = 100;
    static final long ACCOUNT_BUDGET = 150;
    static final String PROVIDER = "fake";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CREATED = Instant.parse("2026-11-26T07:00:00Z");

    final ContractClock clock;
    final ManualTime bucketTime = new ManualTime();
    final FakeOpenAiServer provider = FakeOpenAiServer.start().otherwise(FakeOpenAiServer.echo());
    final JpaPersistence persistence;
    final PromptEngine engine;
    final Account accountA;
    final Account accountB;
    final String keyOfA;
    final PromptHttpServer http;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    LimitsServer(Instant start, RateLimitSettings limits) {
        this(start, limits, DatabaseSettings.inMemoryH2("limits-" + UUID.randomUUID()));
    }

    LimitsServer(Instant start, RateLimitSettings limits, DatabaseSettings database) {
        clock = new ContractClock(start);
        persistence = JpaPersistence.open(database, clock);
        ResourceCatalog catalog = persistence.resourceCatalog();
        accountA = catalog.saveAccount(new Account(0, AccountNumber.parse("3141-5926-5359"), "A", CREATED));
        accountB = catalog.saveAccount(new Account(0, AccountNumber.parse("2718-2818-2845"), "B", CREATED,
                ACCOUNT_BUDGET));
        for (Account account : List.of(accountA, accountB)) {
            catalog.saveProvider(new ProviderSettings(0, account.id(), PROVIDER, provider.url(), Secret.NONE,
                    "fake-model", false, CREATED, null));
        }
        catalog.saveChatbot(chatbot("capped", accountA).dailyTokenBudget(CHATBOT_BUDGET).build());
        catalog.saveChatbot(chatbot("open", accountA).build());
        catalog.saveChatbot(chatbot("bravo", accountB).build());
        catalog.saveChatbot(chatbot("brother", accountB).build());
        engine = PromptEngine.builder()
                .sessionStore(persistence.sessionStore())
                .resourceCatalog(catalog)
                .chatCompletionProvider(new OpenAiCompatibleProvider(OpenAiSettings.DEFAULTS, variable -> null))
                .clock(clock)
                .build();
        keyOfA = engine.apiKeys().create(accountA.id(), "a").clearKey();
        // The buckets refill on a clock the test moves, so a slow machine cannot refill them during a burst.
        http = PromptHttpApi.start(engine, HttpSettings.onPort(0),
                new JavalinRateLimits(engine.apiKeys(), limits, bucketTime));
    }

    private static Chatbot.Builder chatbot(String name, Account owner) {
        return Chatbot.builder(name).accountId(owner.id()).provider(PROVIDER).defaultModel("fake-model")
                .createdAt(CREATED);
    }

    /** A new, empty session of the chatbot, as the React component starts one from the configuration endpoint. */
    String newSession(String chatbot) {
        HttpResponse<String> config = postJson("api/v1/chatbots/" + chatbot + "/config/", "{}", null);
        if (config.statusCode() != 200) {
            throw new AssertionError("config of " + chatbot + " answered " + config.statusCode() + ": "
                    + config.body());
        }
        return json(config.body()).at("/data/session_key").asText();
    }

    /** A prompt as the React component posts it; without a session key the server starts a new session. */
    HttpResponse<String> widgetPrompt(String chatbot, String sessionKey, String input) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("messages").addObject().put("role", "user").put("content", input);
        String query = sessionKey == null ? "" : "?session_key=" + sessionKey;
        return postJson("api/v1/chatbots/" + chatbot + "/prompt/" + query, body.toString(), null);
    }

    /** A prompt through the native API in a new session. */
    HttpResponse<String> nativePrompt(String chatbot, String input, String apiKey) {
        return postJson("api/v2/chatbots/" + chatbot + "/prompt",
                JSON.createObjectNode().put("input", input).toString(), apiKey);
    }

    HttpResponse<String> get(String path, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.localUrl() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (apiKey != null) {
            request.header("Authorization", "Token " + apiKey);
        }
        return send(request);
    }

    HttpResponse<String> postJson(String path, String json, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.localUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (apiKey != null) {
            request.header("Authorization", "Token " + apiKey);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The decoded {@code data.body} of a prompt answer in the React component's shape. */
    static JsonNode widgetBody(HttpResponse<String> response) {
        return json(json(response.body()).at("/data/body").asText());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many provider calls carried this text as the newest user message. */
    long providerCallsFor(String input) {
        return provider.requests().stream()
                .filter(r -> r.lastUserMessage().orElse("").equals(input))
                .count();
    }

    /** The time the rate-limit buckets refill by: still unless the test moves it. */
    static final class ManualTime implements TimeMeter {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    @Override
    public void close() {
        try (FakeOpenAiServer closingProvider = provider; JpaPersistence closingDatabase = persistence) {
            http.stop();
        }
    }
}
