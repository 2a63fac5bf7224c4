package sh.smarter.prompt.core.resource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outbound port: the configured resources — accounts, chatbots, plugins, connections, providers and API keys.
 * Every adapter passes the same contract suite (prompt-tests, {@code ResourceCatalogContract}).
 *
 * <p>{@code save*} inserts when the id is 0 and otherwise replaces the stored resource of that id; it returns the
 * stored value with its id. Names are unique per account and kind: saving a second resource of the same kind and
 * name in one account is a {@code CONFLICT}.
 */
public interface ResourceCatalog {

    Account saveAccount(Account account);

    Optional<Account> findAccount(long accountId);

    Optional<Account> findAccount(AccountNumber number);

    List<Account> listAccounts();

    Chatbot saveChatbot(Chatbot chatbot);

    Optional<Chatbot> findChatbot(long chatbotId);

    Optional<Chatbot> findChatbot(long accountId, String name);

    /** Chatbots of this name in any account (usually one). */
    List<Chatbot> findChatbotsNamed(String name);

    List<Chatbot> listChatbots(long accountId);

    boolean deleteChatbot(long chatbotId);

    Plugin savePlugin(Plugin plugin);

    Optional<Plugin> findPlugin(long pluginId);

    Optional<Plugin> findPlugin(long accountId, String name);

    List<Plugin> listPlugins(long accountId);

    boolean deletePlugin(long pluginId);

    SqlConnection saveSqlConnection(SqlConnection connection);

    Optional<SqlConnection> findSqlConnection(long accountId, String name);

    List<SqlConnection> listSqlConnections(long accountId);

    boolean deleteSqlConnection(long connectionId);

    ApiConnection saveApiConnection(ApiConnection connection);

    Optional<ApiConnection> findApiConnection(long accountId, String name);

    List<ApiConnection> listApiConnections(long accountId);

    boolean deleteApiConnection(long connectionId);

    /** Stores an account's own provider; the presets are not stored. */
    ProviderSettings saveProvider(ProviderSettings provider);

    Optional<ProviderSettings> findProvider(long accountId, String name);

    List<ProviderSettings> listProviders(long accountId);

    boolean deleteProvider(long providerId);

    ApiKey saveApiKey(ApiKey key);

    Optional<ApiKey> findApiKeyByHash(String hash);

    List<ApiKey> listApiKeys(long accountId);

    /** Marks the key revoked; a revoked key authenticates nothing. */
    boolean revokeApiKey(long keyId, Instant at);
}
