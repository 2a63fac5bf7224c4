package sh.smarter.prompt.core.inmemory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.ApiKey;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resource.SqlConnection;

/**
 * A resource catalog that remembers the lookups every prompt turn makes: the chatbot by name or id, its account, its
 * plugins and its provider. A turn otherwise spends most of its database time reading the same few rows again.
 *
 * <p>Every write through this catalog forgets everything at once, so a change made in this process is seen by the
 * very next lookup. A change made by another process (a {@code prompt apply} beside a running server) moves the
 * catalog's {@linkplain ResourceCatalog#version() version}: once per check interval a lookup asks for it — one small
 * read — and everything is forgotten when it moved, so such a change is seen within the interval. Asking the
 * version rather than reading every remembered row again after the interval matters because chat turns usually
 * come further apart than that. A row changed by hand in SQL moves no version; a lookup is read again after
 * {@link #LONGEST_KEPT} in any case. API keys are never remembered: a revoked key stops working at once.
 */
public final class CachingResourceCatalog implements ResourceCatalog {
    /** Past this many remembered lookups the cache starts over, so a scan over many names cannot grow it. */
    static final int MAX_ENTRIES = 10_000;
    /** How long a lookup is kept at most, whatever the version says. */
    static final Duration LONGEST_KEPT = Duration.ofMinutes(5);
    /** No catalog answers this version: the first lookup asks the catalog's. */
    private static final long NOT_ASKED = Long.MIN_VALUE;

    private final ResourceCatalog delegate;
    private final long checkEveryNanos;
    private final LongSupplier nanoTime;
    private final Map<Object, Entry> entries = new ConcurrentHashMap<>();
    /** Moves on every write and every forgetting; a lookup that raced one does not store what it read. */
    private final AtomicLong generation = new AtomicLong();
    /** Until this {@link #nanoTime} the remembered lookups are served without asking the catalog's version. */
    private volatile long trustedUntil;
    /**
     * Held while one thread asks the catalog's version. A lock rather than {@code synchronized}: on Java 21 a virtual
     * thread waiting for the database inside {@code synchronized} would hold its carrier thread.
     */
    private final ReentrantLock checking = new ReentrantLock();
    /** The catalog's version when the remembered lookups were last checked; guarded by {@link #checking}. */
    private long checkedVersion = NOT_ASKED;

    private record Entry(Object value, long expiresAt) {
    }

    private record ChatbotsNamed(String name) {
    }

    private record ChatbotById(long id) {
    }

    private record ChatbotByName(long accountId, String name) {
    }

    private record AccountById(long id) {
    }

    private record PluginById(long id) {
    }

    private record PluginByName(long accountId, String name) {
    }

    private record ProviderByName(long accountId, String name) {
    }

    /**
     * @param checkEvery how long remembered lookups are served without asking the catalog's version: the longest a
     *                   change made by another process goes unseen
     */
    public CachingResourceCatalog(ResourceCatalog delegate, Duration checkEvery) {
        this(delegate, checkEvery, System::nanoTime);
    }

    CachingResourceCatalog(ResourceCatalog delegate, Duration checkEvery, LongSupplier nanoTime) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("the check interval must be positive");
        }
        this.checkEveryNanos = checkEvery.toNanos();
        this.nanoTime = nanoTime;
        this.trustedUntil = nanoTime.getAsLong();
    }

    /** The catalog this one reads through to. */
    public ResourceCatalog delegate() {
        return delegate;
    }

    @SuppressWarnings("unchecked")
    private <T> T remembered(Object key, Supplier<T> lookup) {
        long now = nanoTime.getAsLong();
        if (now - trustedUntil >= 0) {
            check(now);
        }
        Entry entry = entries.get(key);
        if (entry != null && now - entry.expiresAt() < 0) {
            return (T) entry.value();
        }
        long before = generation.get();
        T value = lookup.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(value, now + LONGEST_KEPT.toNanos()));
        if (generation.get() != before) {
            // A write happened while we read: what we read may be older than it.
            entries.remove(key);
        }
        return value;
    }

    /**
     * Asks the catalog's version, and forgets everything when it moved. One thread asks; the others wait for its
     * answer rather than asking too.
     */
    private void check(long now) {
        checking.lock();
        try {
            if (now - trustedUntil < 0) {
                return; // another thread checked while this one waited
            }
            long version = delegate.version();
            if (version != checkedVersion) {
                generation.incrementAndGet();
                entries.clear();
                checkedVersion = version;
            }
            trustedUntil = now + checkEveryNanos;
        } finally {
            checking.unlock();
        }
    }

    private <T> T written(Supplier<T> write) {
        try {
            return write.get();
        } finally {
            generation.incrementAndGet();
            entries.clear();
        }
    }

    // ----------------------------------------------------------------------------------------- remembered lookups

    @Override
    public Optional<Account> findAccount(long accountId) {
        return remembered(new AccountById(accountId), () -> delegate.findAccount(accountId));
    }

    @Override
    public Optional<Chatbot> findChatbot(long chatbotId) {
        return remembered(new ChatbotById(chatbotId), () -> delegate.findChatbot(chatbotId));
    }

    @Override
    public Optional<Chatbot> findChatbot(long accountId, String name) {
        return remembered(new ChatbotByName(accountId, name), () -> delegate.findChatbot(accountId, name));
    }

    @Override
    public List<Chatbot> findChatbotsNamed(String name) {
        return remembered(new ChatbotsNamed(name), () -> delegate.findChatbotsNamed(name));
    }

    @Override
    public Optional<Plugin> findPlugin(long pluginId) {
        return remembered(new PluginById(pluginId), () -> delegate.findPlugin(pluginId));
    }

    @Override
    public Optional<Plugin> findPlugin(long accountId, String name) {
        return remembered(new PluginByName(accountId, name), () -> delegate.findPlugin(accountId, name));
    }

    @Override
    public Optional<ProviderSettings> findProvider(long accountId, String name) {
        return remembered(new ProviderByName(accountId, name), () -> delegate.findProvider(accountId, name));
    }

    // ------------------------------------------------------------------------------------ read through every time

    @Override
    public long version() {
        return delegate.version();
    }

    @Override
    public Optional<Account> findAccount(AccountNumber number) {
        return delegate.findAccount(number);
    }

    @Override
    public List<Account> listAccounts() {
        return delegate.listAccounts();
    }

    @Override
    public List<Chatbot> listChatbots(long accountId) {
        return delegate.listChatbots(accountId);
    }

    @Override
    public List<Plugin> listPlugins(long accountId) {
        return delegate.listPlugins(accountId);
    }

    @Override
    public Optional<SqlConnection> findSqlConnection(long accountId, String name) {
        return delegate.findSqlConnection(accountId, name);
    }

    @Override
    public List<SqlConnection> listSqlConnections(long accountId) {
        return delegate.listSqlConnections(accountId);
    }

    @Override
    public Optional<ApiConnection> findApiConnection(long accountId, String name) {
        return delegate.findApiConnection(accountId, name);
    }

    @Override
    public List<ApiConnection> listApiConnections(long accountId) {
        return delegate.listApiConnections(accountId);
    }

    @Override
    public List<ProviderSettings> listProviders(long accountId) {
        return delegate.listProviders(accountId);
    }

    @Override
    public Optional<ApiKey> findApiKeyByHash(String hash) {
        return delegate.findApiKeyByHash(hash);
    }

    @Override
    public List<ApiKey> listApiKeys(long accountId) {
        return delegate.listApiKeys(accountId);
    }

    // ------------------------------------------------------------------------------------ writes forget everything

    @Override
    public Account saveAccount(Account account) {
        return written(() -> delegate.saveAccount(account));
    }

    @Override
    public Chatbot saveChatbot(Chatbot chatbot) {
        return written(() -> delegate.saveChatbot(chatbot));
    }

    @Override
    public boolean deleteChatbot(long chatbotId) {
        return written(() -> delegate.deleteChatbot(chatbotId));
    }

    @Override
    public Plugin savePlugin(Plugin plugin) {
        return written(() -> delegate.savePlugin(plugin));
    }

    @Override
    public boolean deletePlugin(long pluginId) {
        return written(() -> delegate.deletePlugin(pluginId));
    }

    @Override
    public SqlConnection saveSqlConnection(SqlConnection connection) {
        return written(() -> delegate.saveSqlConnection(connection));
    }

    @Override
    public boolean deleteSqlConnection(long connectionId) {
        return written(() -> delegate.deleteSqlConnection(connectionId));
    }

    @Override
    public ApiConnection saveApiConnection(ApiConnection connection) {
        return written(() -> delegate.saveApiConnection(connection));
    }

    @Override
    public boolean deleteApiConnection(long connectionId) {
        return written(() -> delegate.deleteApiConnection(connectionId));
    }

    @Override
    public ProviderSettings saveProvider(ProviderSettings provider) {
        return written(() -> delegate.saveProvider(provider));
    }

    @Override
    public boolean deleteProvider(long providerId) {
        return written(() -> delegate.deleteProvider(providerId));
    }

    @Override
    public ApiKey saveApiKey(ApiKey key) {
        return written(() -> delegate.saveApiKey(key));
    }

    @Override
    public boolean revokeApiKey(long keyId, Instant at) {
        return written(() -> delegate.revokeApiKey(keyId, at));
    }
}
