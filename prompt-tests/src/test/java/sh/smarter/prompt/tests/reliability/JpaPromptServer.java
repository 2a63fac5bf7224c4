package sh.smarter.prompt.tests.reliability;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.plugintarget.OwnDatabase;
import sh.smarter.prompt.core.plugintarget.PluginTargets;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.http.PromptHttpApi;
import sh.smarter.prompt.http.limit.RateLimitSettings;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.PromptHttpServer;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.JpaPersistence;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.providers.openai.OpenAiSettings;
import sh.smarter.prompt.providers.sql.JdbcSqlPluginExecutor;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.server.PromptClient;

/**
 * The product as {@code serve} composes it — JPA persistence with its connection pool, the OpenAI-compatible
 * adapter, the SQL plugin executor, the whole HTTP API — in this JVM, so that a test can reach into the pool and
 * the thread list, on the database and with the provider settings the test chooses. The provider is a
 * {@link FakeOpenAiServer}. Account A owns the public chatbots {@code example} (with the calculator) and
 * {@code other}, and {@code locked}, which requires an API key; account B owns {@code bravo}.
 */
final class JpaPromptServer implements AutoCloseable {
    static final String PROVIDER = "fake";
    private static final Instant CREATED = Instant.parse("2026-11-26T07:00:00Z");

    final FakeOpenAiServer provider = FakeOpenAiServer.start();
    final JpaPersistence persistence;
    final PromptEngine engine;
    final Account accountA;
    final Account accountB;
    final Chatbot example;
    final Chatbot other;
    final Chatbot locked;
    final Chatbot bravo;
    final String keyOfA;
    final String keyOfB;
    final PromptHttpServer http;
    final PromptClient client;
    private final JdbcSqlPluginExecutor sqlPlugins =
            new JdbcSqlPluginExecutor(JdbcSqlPluginExecutor.Settings.DEFAULTS, variable -> null);

    JpaPromptServer(DatabaseSettings database, OpenAiSettings providerSettings) {
        this(database, providerSettings, UnaryOperator.identity());
    }

    /** @param connections wraps the pool the stores take their connections from (to inject failures) */
    JpaPromptServer(DatabaseSettings database, OpenAiSettings providerSettings,
                    UnaryOperator<DataSource> connections) {
        persistence = JpaPersistence.open(database, Clock.systemUTC(), connections);
        ResourceCatalog catalog = persistence.resourceCatalog();
        accountA = catalog.saveAccount(new Account(0, AccountNumber.parse("3141-5926-5359"), "A", CREATED));
        accountB = catalog.saveAccount(new Account(0, AccountNumber.parse("2718-2818-2845"), "B", CREATED));
        for (Account account : List.of(accountA, accountB)) {
            catalog.saveProvider(new ProviderSettings(0, account.id(), PROVIDER, provider.url(), Secret.NONE,
                    "fake-model", false, CREATED, null));
        }
        example = catalog.saveChatbot(chatbot("example", accountA).functions(List.of("calculator")).build());
        other = catalog.saveChatbot(chatbot("other", accountA).build());
        locked = catalog.saveChatbot(chatbot("locked", accountA).requiresApiKey(true).build());
        bravo = catalog.saveChatbot(chatbot("bravo", accountB).build());
        engine = PromptEngine.builder()
                .sessionStore(persistence.sessionStore())
                .resourceCatalog(catalog)
                .chatCompletionProvider(new OpenAiCompatibleProvider(providerSettings, variable -> null))
                .sqlPluginExecutor(sqlPlugins)
                // Tests' SQL plugins query in-memory H2 databases, a driver the operator has to allow.
                .pluginTargets(PluginTargets.defaults().allowingSqlDrivers(List.of("h2"))
                        .protecting(new OwnDatabase(database.jdbcUrl())))
                .build();
        keyOfA = engine.apiKeys().create(accountA.id(), "a").clearKey();
        keyOfB = engine.apiKeys().create(accountB.id(), "b").clearKey();
        // The load these tests make comes from one address into a few sessions: the rate limits would refuse it.
        http = PromptHttpApi.start(engine, HttpSettings.onPort(0), RateLimitSettings.OFF);
        client = new PromptClient(http.localUrl());
    }

    static Chatbot.Builder chatbot(String name, Account owner) {
        return Chatbot.builder(name).accountId(owner.id()).provider(PROVIDER).defaultModel("fake-model")
                .createdAt(CREATED);
    }

    /** The server's database connection pool, to see how many connections are in use. */
    HikariPoolMXBean pool() {
        return ((HikariDataSource) persistence.dataSource()).getHikariPoolMXBean();
    }

    StoredTurns storedTurns() {
        return StoredTurns.read(persistence.dataSource());
    }

    @Override
    public void close() {
        try (FakeOpenAiServer closingProvider = provider; JpaPersistence closingDatabase = persistence;
             JdbcSqlPluginExecutor closingPlugins = sqlPlugins) {
            http.stop();
        }
    }
}
