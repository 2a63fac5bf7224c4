package sh.smarter.prompt.core.resourceadmin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceManagement;
import sh.smarter.prompt.core.resource.SqlConnection;

/**
 * One table of the resource catalog seen generically, so that applying, listing and deleting are written once for
 * every kind that lives in an account.
 */
record CatalogTable<T>(Function<T, String> name,
                       Function<T, Stamp> stamp,
                       BiFunction<T, Stamp, T> restamp,
                       BiFunction<Long, String, Optional<T>> find,
                       LongFunction<List<T>> list,
                       UnaryOperator<T> save,
                       Predicate<T> delete) {

    /** What storage decides about a resource, as opposed to what its manifest says. */
    record Stamp(long id, long accountId, Instant createdAt, Instant updatedAt) {
    }

    private static final Stamp NEUTRAL = new Stamp(0, 0, Instant.EPOCH, Instant.EPOCH);

    /** Equal in everything a manifest says: re-applying one over the other changes nothing. */
    boolean sameContent(T stored, T candidate) {
        return restamp.apply(stored, NEUTRAL).equals(restamp.apply(candidate, NEUTRAL));
    }

    static CatalogTable<Chatbot> chatbots(ChatbotLookup lookup, ResourceManagement resources) {
        return new CatalogTable<>(Chatbot::name,
                c -> new Stamp(c.id(), c.accountId(), c.createdAt(), c.updatedAt()),
                (c, s) -> c.toBuilder().id(s.id()).accountId(s.accountId()).createdAt(s.createdAt())
                        .updatedAt(s.updatedAt()).build(),
                lookup::findChatbot, resources::listChatbots, resources::saveChatbot,
                c -> resources.deleteChatbot(c.id()));
    }

    /** Static, SQL and API plugins share this one table, so their names share one namespace. */
    static CatalogTable<Plugin> plugins(ChatbotLookup lookup, ResourceManagement resources) {
        return new CatalogTable<>(Plugin::name,
                p -> new Stamp(p.id(), p.accountId(), p.createdAt(), p.updatedAt()),
                (p, s) -> new Plugin(s.id(), s.accountId(), p.name(), p.description(), p.version(), p.selector(),
                        p.prompt(), p.parameters(), p.data(), s.createdAt(), s.updatedAt()),
                lookup::findPlugin, resources::listPlugins, resources::savePlugin,
                p -> resources.deletePlugin(p.id()));
    }

    static CatalogTable<SqlConnection> sqlConnections(ChatbotLookup lookup, ResourceManagement resources) {
        return new CatalogTable<>(SqlConnection::name,
                c -> new Stamp(c.id(), c.accountId(), c.createdAt(), c.updatedAt()),
                (c, s) -> new SqlConnection(s.id(), s.accountId(), c.name(), c.jdbcUrl(), c.username(),
                        c.password(), c.timeoutSeconds(), s.createdAt(), s.updatedAt()),
                lookup::findSqlConnection, resources::listSqlConnections, resources::saveSqlConnection,
                c -> resources.deleteSqlConnection(c.id()));
    }

    static CatalogTable<ApiConnection> apiConnections(ChatbotLookup lookup, ResourceManagement resources) {
        return new CatalogTable<>(ApiConnection::name,
                c -> new Stamp(c.id(), c.accountId(), c.createdAt(), c.updatedAt()),
                (c, s) -> new ApiConnection(s.id(), s.accountId(), c.name(), c.baseUrl(), c.authScheme(),
                        c.authHeader(), c.credential(), c.timeoutSeconds(), s.createdAt(), s.updatedAt()),
                lookup::findApiConnection, resources::listApiConnections, resources::saveApiConnection,
                c -> resources.deleteApiConnection(c.id()));
    }

    static CatalogTable<ProviderSettings> providers(ChatbotLookup lookup, ResourceManagement resources) {
        return new CatalogTable<>(ProviderSettings::name,
                p -> new Stamp(p.id(), p.accountId(), p.createdAt(), p.updatedAt()),
                (p, s) -> new ProviderSettings(s.id(), s.accountId(), p.name(), p.baseUrl(), p.apiKey(),
                        p.defaultModel(), p.apiKeyRequired(), s.createdAt(), s.updatedAt()),
                lookup::findProvider, resources::listProviders, resources::saveProvider,
                p -> resources.deleteProvider(p.id()));
    }
}
