package sh.smarter.prompt.core.resource;

import java.util.List;

/**
 * Outbound port: saving, listing and deleting the configured resources of every kind — accounts, chatbots, plugins,
 * connections and providers — as applying manifests and resource administration do. Every adapter passes the same
 * contract suite (prompt-tests, {@code ResourceManagementContract}).
 *
 * <p>{@code save*} inserts when the id is 0 and otherwise replaces the stored resource of that id; it returns the
 * stored value with its id. Names are unique per account and kind: saving a second resource of the same kind and
 * name in one account is a {@code CONFLICT}. Lists are sorted by name.
 */
public interface ResourceManagement {

    Account saveAccount(Account account);

    List<Account> listAccounts();

    Chatbot saveChatbot(Chatbot chatbot);

    List<Chatbot> listChatbots(long accountId);

    boolean deleteChatbot(long chatbotId);

    Plugin savePlugin(Plugin plugin);

    List<Plugin> listPlugins(long accountId);

    boolean deletePlugin(long pluginId);

    SqlConnection saveSqlConnection(SqlConnection connection);

    List<SqlConnection> listSqlConnections(long accountId);

    boolean deleteSqlConnection(long connectionId);

    ApiConnection saveApiConnection(ApiConnection connection);

    List<ApiConnection> listApiConnections(long accountId);

    boolean deleteApiConnection(long connectionId);

    /** Stores an account's own provider; the presets are not stored. */
    ProviderSettings saveProvider(ProviderSettings provider);

    List<ProviderSettings> listProviders(long accountId);

    boolean deleteProvider(long providerId);
}
