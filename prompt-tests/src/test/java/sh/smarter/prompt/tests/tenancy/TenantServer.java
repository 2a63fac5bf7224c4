package sh.smarter.prompt.tests.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.inmemory.CachingResourceCatalog;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.KeyScope;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.http.PromptHttpApi;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.PromptHttpServer;
import sh.smarter.prompt.http.server.TrustedProxies;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.JpaPersistence;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.providers.openai.OpenAiSettings;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;

/**
 * Two tenants on one server as {@code serve} composes it: JPA on the given database, the resource cache, the
 * OpenAI-compatible adapter talking to the scripted fake, the whole HTTP API on a random port. Accounts A and B
 * are the operator's (made with Account manifests); each has a {@code chat} and an {@code admin} key and a
 * provider {@code fake}. A second server on the same engine trusts 127.0.0.1 as a proxy.
 */
final class TenantServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT_A = "1111-1111-1111";
    static final String ACCOUNT_B = "2222-2222-2222";
    private static final Instant CREATED = Instant.parse("2026-11-26T07:00:00Z");
    /** The operator's provider key, in the server's environment as OPENAI_API_KEY: no tenant may send it elsewhere. */
    static final String OPERATOR_KEY = "sk-operator-key-0f1e2d3c4b5a";

    final FakeOpenAiServer provider = FakeOpenAiServer.start();
    final JpaPersistence persistence;
    final PromptEngine engine;
    final Account a;
    final Account b;
    final String aChat;
    final String aAdmin;
    final String bChat;
    final String bAdmin;
    final PromptHttpServer http;
    final PromptHttpServer behindProxy;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TenantServer(DatabaseSettings database) {
        persistence = JpaPersistence.open(database);
        ResourceCatalog catalog = new CachingResourceCatalog(persistence.resourceCatalog(), Duration.ofSeconds(1));
        engine = PromptEngine.builder()
                .sessionStore(persistence.sessionStore())
                .resourceCatalog(catalog)
                .chatCompletionProvider(new OpenAiCompatibleProvider(OpenAiSettings.DEFAULTS,
                        variable -> variable.equals("OPENAI_API_KEY") ? OPERATOR_KEY : null))
                .build();
        a = account(ACCOUNT_A);
        b = account(ACCOUNT_B);
        aChat = engine.apiKeys().create(a.id(), "a-widget", KeyScope.CHAT).clearKey();
        aAdmin = engine.apiKeys().create(a.id(), "a-ops", KeyScope.ADMIN).clearKey();
        bChat = engine.apiKeys().create(b.id(), "b-widget", KeyScope.CHAT).clearKey();
        bAdmin = engine.apiKeys().create(b.id(), "b-ops", KeyScope.ADMIN).clearKey();
        HttpSettings settings = HttpSettings.onPort(0);
        http = PromptHttpApi.start(engine, settings);
        behindProxy = PromptHttpApi.start(engine, settings.withTrustedProxies(TrustedProxies.of(
                List.of("127.0.0.1/32", "10.0.0.0/8"))));
    }

    private Account account(String number) {
        engine.resources().apply((JsonObject) Json.parse("""
                {"apiVersion": "smarter.sh/v1", "kind": "Account", "metadata": {"name": "Tenant %s"},
                 "spec": {"accountNumber": "%s"}}""".formatted(number, number)), Principal.OPERATOR);
        Account account = engine.resourceCatalog().findAccount(new AccountNumber(number)).orElseThrow();
        engine.resourceCatalog().saveProvider(new ProviderSettings(0, account.id(), "fake", provider.url(),
                Secret.NONE, "fake-model", false, CREATED, null));
        return account;
    }

    /** A chatbot manifest on the fake provider; its system role names its tenant, so answers show which one ran. */
    static String chatbot(String name, String tenant, String origin) {
        return chatbot(name, tenant, origin, false);
    }

    static String chatbot(String name, String tenant, String origin, boolean requiresApiKey) {
        return """
                {"apiVersion": "smarter.sh/v1", "kind": "Chatbot", "metadata": {"name": "%s"},
                 "spec": {"config": {"provider": "fake", "defaultModel": "fake-model", "deployed": true,
                                     "defaultSystemRole": "You are the chatbot of tenant %s.",
                                     "appName": "App of %s", "allowedOrigins": ["%s"], "requiresApiKey": %s}}}"""
                .formatted(name, tenant, tenant, origin, requiresApiKey);
    }

    // ------------------------------------------------------------------------------------------------------ HTTP

    HttpResponse<String> send(PromptHttpServer server, String method, String path, String key, String body,
                              Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.localUrl() + path.substring(1)))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Token " + key);
        }
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(String method, String path, String key, String body) {
        return send(http, method, path, key, body, Map.of());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    // -------------------------------------------------------------------------------------------------- database

    /**
     * Every row of every table, as text, table by table and sorted: two dumps are equal exactly when the database
     * holds the same data.
     */
    Map<String, List<String>> dump() {
        DataSource dataSource = persistence.dataSource();
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = meta.getTables(connection.getCatalog(), connection.getSchema(), "%",
                    new String[] {"TABLE"})) {
                while (rs.next()) {
                    names.add(rs.getString("TABLE_NAME"));
                }
            }
            for (String table : names) {
                List<String> rows = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            row.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i))
                                    .append(i < columns ? ", " : "");
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                tables.put(table, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot dump the database", e);
        }
        // Two empty dumps compare equal whatever happened: make sure this one saw the tenants.
        if (tables.entrySet().stream().noneMatch(table -> table.getKey().equalsIgnoreCase("accounts")
                && table.getValue().size() >= 2)) {
            throw new IllegalStateException("the dump holds no accounts; is it reading the right database? " + tables);
        }
        return tables;
    }

    @Override
    public void close() {
        try (FakeOpenAiServer closingProvider = provider; JpaPersistence closingDatabase = persistence) {
            http.stop();
            behindProxy.stop();
        }
    }
}
