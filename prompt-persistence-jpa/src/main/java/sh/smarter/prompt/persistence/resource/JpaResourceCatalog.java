package sh.smarter.prompt.persistence.resource;

import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
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
import sh.smarter.prompt.persistence.support.DatabaseFailures;
import sh.smarter.prompt.persistence.support.Transactions;

/**
 * The resource catalog on Jakarta Persistence. Names unique per account and kind, account numbers and API key hashes
 * are unique keys in the schema too, so two servers saving at once cannot both win.
 */
public final class JpaResourceCatalog implements ResourceCatalog {
    /** The entities this catalog maps, for building the persistence unit (no class-path scanning). */
    public static final List<Class<?>> ENTITY_CLASSES = List.of(AccountEntity.class, ChatbotEntity.class,
            PluginEntity.class, SqlConnectionEntity.class, ApiConnectionEntity.class, ProviderEntity.class,
            ApiKeyEntity.class);

    private final Transactions transactions;

    private final NamedKind<ChatbotEntity, Chatbot> chatbots = new NamedKind<>("chatbot", ChatbotEntity.class,
            ChatbotEntity::new, Chatbot::id, Chatbot::accountId, Chatbot::name, ResourceRows::fill,
            ResourceRows::chatbot);
    private final NamedKind<PluginEntity, Plugin> plugins = new NamedKind<>("plugin", PluginEntity.class,
            PluginEntity::new, Plugin::id, Plugin::accountId, Plugin::name, ResourceRows::fill, ResourceRows::plugin);
    private final NamedKind<SqlConnectionEntity, SqlConnection> sqlConnections = new NamedKind<>("SQL connection",
            SqlConnectionEntity.class, SqlConnectionEntity::new, SqlConnection::id, SqlConnection::accountId,
            SqlConnection::name, ResourceRows::fill, ResourceRows::sqlConnection);
    private final NamedKind<ApiConnectionEntity, ApiConnection> apiConnections = new NamedKind<>("API connection",
            ApiConnectionEntity.class, ApiConnectionEntity::new, ApiConnection::id, ApiConnection::accountId,
            ApiConnection::name, ResourceRows::fill, ResourceRows::apiConnection);
    private final NamedKind<ProviderEntity, ProviderSettings> providers = new NamedKind<>("provider",
            ProviderEntity.class, ProviderEntity::new, ProviderSettings::id, ProviderSettings::accountId,
            ProviderSettings::name, ResourceRows::fill, ResourceRows::provider);

    public JpaResourceCatalog(Transactions transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    // --------------------------------------------------------------------------------------------------- accounts

    @Override
    public Account saveAccount(Account account) {
        Objects.requireNonNull(account, "account");
        return writeUnique("account " + account.number() + " exists already", em -> {
            Optional<AccountEntity> sameNumber = accountRow(em, account.number());
            if (sameNumber.isPresent() && !sameNumber.get().id.equals(account.id())) {
                throw PromptException.conflict("account " + account.number() + " exists already");
            }
            AccountEntity row = account.id() == 0 ? new AccountEntity() : existing(em, AccountEntity.class,
                    account.id(), "account");
            ResourceRows.fill(row, account);
            if (row.id == null) {
                em.persist(row);
            }
            em.flush();
            return ResourceRows.account(row);
        });
    }

    @Override
    public Optional<Account> findAccount(long accountId) {
        return transactions.read(em -> Optional.ofNullable(em.find(AccountEntity.class, accountId))
                .map(ResourceRows::account));
    }

    @Override
    public Optional<Account> findAccount(AccountNumber number) {
        Objects.requireNonNull(number, "number");
        return transactions.read(em -> accountRow(em, number).map(ResourceRows::account));
    }

    @Override
    public List<Account> listAccounts() {
        return transactions.read(em -> em.createQuery("select a from AccountEntity a order by a.id",
                AccountEntity.class).getResultList().stream().map(ResourceRows::account).toList());
    }

    private static Optional<AccountEntity> accountRow(EntityManager em, AccountNumber number) {
        return em.createQuery("select a from AccountEntity a where a.accountNumber = :number", AccountEntity.class)
                .setParameter("number", number.value())
                .setMaxResults(1).getResultList().stream().findFirst();
    }

    // --------------------------------------------------------------------------------------------------- chatbots

    @Override
    public Chatbot saveChatbot(Chatbot chatbot) {
        return chatbots.save(chatbot);
    }

    @Override
    public Optional<Chatbot> findChatbot(long chatbotId) {
        return chatbots.find(chatbotId);
    }

    @Override
    public Optional<Chatbot> findChatbot(long accountId, String name) {
        return chatbots.find(accountId, name);
    }

    @Override
    public List<Chatbot> findChatbotsNamed(String name) {
        return transactions.read(em -> em.createQuery("select c from ChatbotEntity c where c.name = :name"
                        + " order by c.id", ChatbotEntity.class)
                .setParameter("name", name)
                .getResultList().stream().map(ResourceRows::chatbot).toList());
    }

    @Override
    public List<Chatbot> listChatbots(long accountId) {
        return chatbots.list(accountId);
    }

    @Override
    public boolean deleteChatbot(long chatbotId) {
        return chatbots.delete(chatbotId);
    }

    // ---------------------------------------------------------------------------------------------------- plugins

    @Override
    public Plugin savePlugin(Plugin plugin) {
        return plugins.save(plugin);
    }

    @Override
    public Optional<Plugin> findPlugin(long pluginId) {
        return plugins.find(pluginId);
    }

    @Override
    public Optional<Plugin> findPlugin(long accountId, String name) {
        return plugins.find(accountId, name);
    }

    @Override
    public List<Plugin> listPlugins(long accountId) {
        return plugins.list(accountId);
    }

    @Override
    public boolean deletePlugin(long pluginId) {
        return plugins.delete(pluginId);
    }

    // ------------------------------------------------------------------------------------------------ connections

    @Override
    public SqlConnection saveSqlConnection(SqlConnection connection) {
        return sqlConnections.save(connection);
    }

    @Override
    public Optional<SqlConnection> findSqlConnection(long accountId, String name) {
        return sqlConnections.find(accountId, name);
    }

    @Override
    public List<SqlConnection> listSqlConnections(long accountId) {
        return sqlConnections.list(accountId);
    }

    @Override
    public boolean deleteSqlConnection(long connectionId) {
        return sqlConnections.delete(connectionId);
    }

    @Override
    public ApiConnection saveApiConnection(ApiConnection connection) {
        return apiConnections.save(connection);
    }

    @Override
    public Optional<ApiConnection> findApiConnection(long accountId, String name) {
        return apiConnections.find(accountId, name);
    }

    @Override
    public List<ApiConnection> listApiConnections(long accountId) {
        return apiConnections.list(accountId);
    }

    @Override
    public boolean deleteApiConnection(long connectionId) {
        return apiConnections.delete(connectionId);
    }

    // -------------------------------------------------------------------------------------------------- providers

    @Override
    public ProviderSettings saveProvider(ProviderSettings provider) {
        return providers.save(provider);
    }

    @Override
    public Optional<ProviderSettings> findProvider(long accountId, String name) {
        return providers.find(accountId, name);
    }

    @Override
    public List<ProviderSettings> listProviders(long accountId) {
        return providers.list(accountId);
    }

    @Override
    public boolean deleteProvider(long providerId) {
        return providers.delete(providerId);
    }

    // --------------------------------------------------------------------------------------------------- API keys

    @Override
    public ApiKey saveApiKey(ApiKey key) {
        Objects.requireNonNull(key, "key");
        return writeUnique("an API key with this hash exists already", em -> {
            requireAccount(em, key.accountId());
            Optional<ApiKeyEntity> sameHash = apiKeyRow(em, key.hash());
            if (sameHash.isPresent() && !sameHash.get().id.equals(key.id())) {
                throw PromptException.conflict("an API key with this hash exists already");
            }
            ApiKeyEntity row = key.id() == 0 ? new ApiKeyEntity() : existing(em, ApiKeyEntity.class, key.id(),
                    "API key");
            ResourceRows.fill(row, key);
            if (row.id == null) {
                em.persist(row);
            }
            em.flush();
            return ResourceRows.apiKey(row);
        });
    }

    @Override
    public Optional<ApiKey> findApiKeyByHash(String hash) {
        if (hash == null) {
            return Optional.empty();
        }
        return transactions.read(em -> apiKeyRow(em, hash).map(ResourceRows::apiKey));
    }

    @Override
    public List<ApiKey> listApiKeys(long accountId) {
        return transactions.read(em -> em.createQuery("select k from ApiKeyEntity k where k.accountId = :account"
                        + " order by k.id", ApiKeyEntity.class)
                .setParameter("account", accountId)
                .getResultList().stream().map(ResourceRows::apiKey).toList());
    }

    @Override
    public boolean revokeApiKey(long keyId, Instant at) {
        Objects.requireNonNull(at, "at");
        // Conditional, so that revoking twice keeps the first time and answers false the second time.
        return changing(em -> em.createQuery("update ApiKeyEntity k set k.revokedAt = :at"
                        + " where k.id = :id and k.revokedAt is null")
                .setParameter("at", ResourceRows.microseconds(at))
                .setParameter("id", keyId)
                .executeUpdate()) > 0;
    }

    private static Optional<ApiKeyEntity> apiKeyRow(EntityManager em, String hash) {
        return em.createQuery("select k from ApiKeyEntity k where k.keyHash = :hash", ApiKeyEntity.class)
                .setParameter("hash", hash)
                .setMaxResults(1).getResultList().stream().findFirst();
    }

    // ---------------------------------------------------------------------------------------------------- version

    @Override
    public long version() {
        // Plain JDBC: servers ask this once a second, and Hibernate's native query costs several times the read.
        return transactions.read(em -> em.unwrap(org.hibernate.Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT version FROM catalog_version WHERE id = 1");
                 ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0L;
            }
        }));
    }

    /**
     * Runs a write and moves the catalog's version in its transaction (V13): a change is seen by every server's
     * cache exactly when it is committed, and a write that fails moves nothing.
     */
    private <T> T changing(Function<EntityManager, T> work) {
        return transactions.write(em -> {
            T result = work.apply(em);
            em.createNativeQuery("INSERT INTO catalog_version (id, version) VALUES (1, 1)"
                    + " ON DUPLICATE KEY UPDATE version = version + 1").executeUpdate();
            return result;
        });
    }

    // -------------------------------------------------------------------------------------------------- helpers

    /**
     * Runs a save. A unique key the checks before it could not see (another server saving the same name at the same
     * moment) is still a conflict, and a foreign key to an account deleted meanwhile is still "not found".
     */
    private <T> T writeUnique(String conflictMessage, Function<EntityManager, T> work) {
        try {
            return changing(work);
        } catch (RuntimeException e) {
            if (DatabaseFailures.isDuplicateKey(e)) {
                throw PromptException.conflict(conflictMessage);
            }
            if (DatabaseFailures.isMissingParent(e)) {
                throw PromptException.notFound("account not found");
            }
            throw e;
        }
    }

    private static void requireAccount(EntityManager em, long accountId) {
        if (em.find(AccountEntity.class, accountId) == null) {
            throw PromptException.notFound("account " + accountId + " not found");
        }
    }

    private static <E> E existing(EntityManager em, Class<E> type, long id, String kind) {
        E row = em.find(type, id);
        if (row == null) {
            throw PromptException.notFound(kind + " " + id + " not found");
        }
        return row;
    }

    /** The operations every kind of resource with a name unique within its account shares. */
    private final class NamedKind<E extends NamedResourceEntity, T> {
        private final String label;
        private final Class<E> type;
        private final Supplier<E> newRow;
        private final ToLongFunction<T> id;
        private final ToLongFunction<T> accountId;
        private final Function<T, String> name;
        private final BiConsumer<E, T> fill;
        private final Function<E, T> toValue;

        NamedKind(String label, Class<E> type, Supplier<E> newRow, ToLongFunction<T> id, ToLongFunction<T> accountId,
                  Function<T, String> name, BiConsumer<E, T> fill, Function<E, T> toValue) {
            this.label = label;
            this.type = type;
            this.newRow = newRow;
            this.id = id;
            this.accountId = accountId;
            this.name = name;
            this.fill = fill;
            this.toValue = toValue;
        }

        T save(T value) {
            Objects.requireNonNull(value, label);
            long valueId = id.applyAsLong(value);
            long account = accountId.applyAsLong(value);
            String valueName = name.apply(value);
            String conflict = label + " " + valueName + " exists already";
            return writeUnique(conflict, em -> {
                requireAccount(em, account);
                Optional<E> sameName = row(em, account, valueName);
                if (sameName.isPresent() && sameName.get().id != valueId) {
                    throw PromptException.conflict(conflict);
                }
                E row = valueId == 0 ? newRow.get() : existing(em, type, valueId, label);
                fill.accept(row, value);
                if (row.id == null) {
                    em.persist(row);
                }
                em.flush();
                return toValue.apply(row);
            });
        }

        Optional<T> find(long rowId) {
            return transactions.read(em -> Optional.ofNullable(em.find(type, rowId)).map(toValue));
        }

        Optional<T> find(long account, String rowName) {
            return transactions.read(em -> row(em, account, rowName).map(toValue));
        }

        List<T> list(long account) {
            return transactions.read(em -> em.createQuery("select r from " + type.getSimpleName() + " r"
                            + " where r.accountId = :account order by r.name", type)
                    .setParameter("account", account)
                    .getResultList().stream().map(toValue).toList());
        }

        boolean delete(long rowId) {
            return changing(em -> {
                E row = em.find(type, rowId);
                if (row == null) {
                    return false;
                }
                em.remove(row);
                return true;
            });
        }

        private Optional<E> row(EntityManager em, long account, String rowName) {
            return em.createQuery("select r from " + type.getSimpleName() + " r"
                            + " where r.accountId = :account and r.name = :name", type)
                    .setParameter("account", account)
                    .setParameter("name", rowName)
                    .setMaxResults(1).getResultList().stream().findFirst();
        }
    }
}
