package sh.smarter.prompt.core.resource;

import java.util.List;
import java.util.Optional;

/**
 * Outbound port: what a prompt turn, a chat page or a session request reads to serve a chatbot — the chatbot by id
 * or name, its account, and the plugins, connections and provider it names. Read-only and read on every turn, so an
 * adapter may answer it from a cache ({@code CachingResourceCatalog}). Every adapter passes the same contract suite
 * (prompt-tests, {@code ChatbotLookupContract}).
 */
public interface ChatbotLookup {

    Optional<Account> findAccount(long accountId);

    Optional<Account> findAccount(AccountNumber number);

    Optional<Chatbot> findChatbot(long chatbotId);

    Optional<Chatbot> findChatbot(long accountId, String name);

    /** Chatbots of this name in any account (usually one). */
    List<Chatbot> findChatbotsNamed(String name);

    /** By id: a replayed turn names the plugins it ran by id. */
    Optional<Plugin> findPlugin(long pluginId);

    Optional<Plugin> findPlugin(long accountId, String name);

    Optional<SqlConnection> findSqlConnection(long accountId, String name);

    Optional<ApiConnection> findApiConnection(long accountId, String name);

    /** An account's own provider; the presets are not stored. */
    Optional<ProviderSettings> findProvider(long accountId, String name);
}
