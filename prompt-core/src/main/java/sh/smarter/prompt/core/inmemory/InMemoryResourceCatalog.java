package sh.smarter.prompt.core.inmemory;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.ApiKey;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resource.SqlConnection;

/** A resource catalog in memory, for tests and for programs that configure their chatbots in code. */
public final class InMemoryResourceCatalog implements ResourceCatalog {
    private final Guard guard = new Guard();
    private final AtomicLong version = new AtomicLong();
    private final Table<Account> accounts = new Table<>("account", Account::id, a -> 0L, a -> a.number().value(),
            Account::withId);
    private final Table<Chatbot> chatbots = new Table<>("chatbot", Chatbot::id, Chatbot::accountId, Chatbot::name,
            Chatbot::withId);
    private final Table<Plugin> plugins = new Table<>("plugin", Plugin::id, Plugin::accountId, Plugin::name,
            Plugin::withId);
    private final Table<SqlConnection> sqlConnections = new Table<>("SQL connection", SqlConnection::id,
            SqlConnection::accountId, SqlConnection::name, SqlConnection::withId);
    private final Table<ApiConnection> apiConnections = new Table<>("API connection", ApiConnection::id,
            ApiConnection::accountId, ApiConnection::name, ApiConnection::withId);
    private final Table<ProviderSettings> providers = new Table<>("provider", ProviderSettings::id,
            ProviderSettings::accountId, ProviderSettings::name, ProviderSettings::withId);
    private final Table<ApiKey> apiKeys = new Table<>("API key", ApiKey::id, k -> 0L, ApiKey::hash, ApiKey::withId);

    /**
     * Rows of one kind, unique by (account, name). Not thread-safe itself: the catalog's lock guards it.
     */
    private static final class Table<T> {
        private final String kind;
        private final ToLongFunction<T> id;
        private final ToLongFunction<T> account;
        private final Function<T, String> name;
        private final BiFunction<T, Long, T> withId;
        private final Map<Long, T> rows = new LinkedHashMap<>();
        private long nextId = 1;

        Table(String kind, ToLongFunction<T> id, ToLongFunction<T> account, Function<T, String> name,
              BiFunction<T, Long, T> withId) {
            this.kind = kind;
            this.id = id;
            this.account = account;
            this.name = name;
            this.withId = withId;
        }

        T save(T value) {
            long valueId = id.applyAsLong(value);
            Optional<T> sameName = find(account.applyAsLong(value), name.apply(value));
            if (sameName.isPresent() && id.applyAsLong(sameName.get()) != valueId) {
                throw PromptException.conflict(kind + " " + name.apply(value) + " exists already");
            }
            if (valueId == 0) {
                value = withId.apply(value, nextId++);
            } else if (!rows.containsKey(valueId)) {
                throw PromptException.notFound(kind + " " + valueId + " not found");
            }
            rows.put(id.applyAsLong(value), value);
            return value;
        }

        Optional<T> get(long key) {
            return Optional.ofNullable(rows.get(key));
        }

        Optional<T> find(long accountId, String wanted) {
            return rows.values().stream()
                    .filter(v -> account.applyAsLong(v) == accountId && name.apply(v).equals(wanted))
                    .findFirst();
        }

        List<T> inAccount(long accountId) {
            return rows.values().stream().filter(v -> account.applyAsLong(v) == accountId)
                    .sorted(Comparator.comparing(name)).toList();
        }

        List<T> all() {
            return List.copyOf(rows.values());
        }

        boolean delete(long key) {
            return rows.remove(key) != null;
        }
    }

    @Override
    public Account saveAccount(Account account) {
        return changing(() -> accounts.save(account));
    }

    @Override
    public Optional<Account> findAccount(long accountId) {
        return guard.read(() -> accounts.get(accountId));
    }

    @Override
    public Optional<Account> findAccount(AccountNumber number) {
        return guard.read(() -> accounts.find(0, number.value()));
    }

    @Override
    public List<Account> listAccounts() {
        return guard.read(accounts::all);
    }

    @Override
    public Chatbot saveChatbot(Chatbot chatbot) {
        return changing(() -> chatbots.save(requireAccount(chatbot.accountId(), chatbot)));
    }

    @Override
    public Optional<Chatbot> findChatbot(long chatbotId) {
        return guard.read(() -> chatbots.get(chatbotId));
    }

    @Override
    public Optional<Chatbot> findChatbot(long accountId, String name) {
        return guard.read(() -> chatbots.find(accountId, name));
    }

    @Override
    public List<Chatbot> findChatbotsNamed(String name) {
        return guard.read(() -> chatbots.all().stream().filter(c -> c.name().equals(name)).toList());
    }

    @Override
    public List<Chatbot> listChatbots(long accountId) {
        return guard.read(() -> chatbots.inAccount(accountId));
    }

    @Override
    public boolean deleteChatbot(long chatbotId) {
        return changing(() -> chatbots.delete(chatbotId));
    }

    @Override
    public Plugin savePlugin(Plugin plugin) {
        return changing(() -> plugins.save(requireAccount(plugin.accountId(), plugin)));
    }

    @Override
    public Optional<Plugin> findPlugin(long pluginId) {
        return guard.read(() -> plugins.get(pluginId));
    }

    @Override
    public Optional<Plugin> findPlugin(long accountId, String name) {
        return guard.read(() -> plugins.find(accountId, name));
    }

    @Override
    public List<Plugin> listPlugins(long accountId) {
        return guard.read(() -> plugins.inAccount(accountId));
    }

    @Override
    public boolean deletePlugin(long pluginId) {
        return changing(() -> plugins.delete(pluginId));
    }

    @Override
    public SqlConnection saveSqlConnection(SqlConnection connection) {
        return changing(() -> sqlConnections.save(requireAccount(connection.accountId(), connection)));
    }

    @Override
    public Optional<SqlConnection> findSqlConnection(long accountId, String name) {
        return guard.read(() -> sqlConnections.find(accountId, name));
    }

    @Override
    public List<SqlConnection> listSqlConnections(long accountId) {
        return guard.read(() -> sqlConnections.inAccount(accountId));
    }

    @Override
    public boolean deleteSqlConnection(long connectionId) {
        return changing(() -> sqlConnections.delete(connectionId));
    }

    @Override
    public ApiConnection saveApiConnection(ApiConnection connection) {
        return changing(() -> apiConnections.save(requireAccount(connection.accountId(), connection)));
    }

    @Override
    public Optional<ApiConnection> findApiConnection(long accountId, String name) {
        return guard.read(() -> apiConnections.find(accountId, name));
    }

    @Override
    public List<ApiConnection> listApiConnections(long accountId) {
        return guard.read(() -> apiConnections.inAccount(accountId));
    }

    @Override
    public boolean deleteApiConnection(long connectionId) {
        return changing(() -> apiConnections.delete(connectionId));
    }

    @Override
    public ProviderSettings saveProvider(ProviderSettings provider) {
        return changing(() -> providers.save(requireAccount(provider.accountId(), provider)));
    }

    @Override
    public Optional<ProviderSettings> findProvider(long accountId, String name) {
        return guard.read(() -> providers.find(accountId, name));
    }

    @Override
    public List<ProviderSettings> listProviders(long accountId) {
        return guard.read(() -> providers.inAccount(accountId));
    }

    @Override
    public boolean deleteProvider(long providerId) {
        return changing(() -> providers.delete(providerId));
    }

    @Override
    public ApiKey saveApiKey(ApiKey key) {
        return changing(() -> apiKeys.save(requireAccount(key.accountId(), key)));
    }

    @Override
    public Optional<ApiKey> findApiKeyByHash(String hash) {
        return guard.read(() -> apiKeys.find(0, hash));
    }

    @Override
    public List<ApiKey> listApiKeys(long accountId) {
        return guard.read(() -> apiKeys.all().stream().filter(k -> k.accountId() == accountId).toList());
    }

    @Override
    public boolean revokeApiKey(long keyId, Instant at) {
        return changing(() -> apiKeys.get(keyId).filter(ApiKey::isActive).map(k -> {
            apiKeys.rows.put(keyId, k.revokedAt(at));
            return true;
        }).orElse(false));
    }

    @Override
    public long version() {
        return version.get();
    }

    /** A write; the version moves once it succeeded. */
    private <T> T changing(Supplier<T> write) {
        return guard.write(() -> {
            T result = write.get();
            version.incrementAndGet();
            return result;
        });
    }

    private <T> T requireAccount(long accountId, T value) {
        if (accounts.get(accountId).isEmpty()) {
            throw PromptException.notFound("account " + accountId + " not found");
        }
        return value;
    }
}
