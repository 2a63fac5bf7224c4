package sh.smarter.prompt.providers.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import sh.smarter.prompt.core.resource.SqlConnection;

/**
 * One small HikariCP pool per SQL connection, created on first use. A pool is keyed by the connection (account and
 * name) and remembers a fingerprint of its settings (URL, user, password, timeout): when they change, the next
 * call gets a new pool and the old one is closed. Pools never connect at creation, so a database that is down
 * costs nothing until a plugin is called.
 */
final class ConnectionPools implements AutoCloseable {
    private static final AtomicLong POOL_NUMBER = new AtomicLong();

    private record Key(long accountId, String name) {
    }

    private record Pool(String fingerprint, HikariDataSource dataSource) {
    }

    private final Map<Key, Pool> pools = new ConcurrentHashMap<>();
    private final int maxPoolSize;

    ConnectionPools(int maxPoolSize) {
        this.maxPoolSize = maxPoolSize;
    }

    HikariDataSource pool(SqlConnection connection, String password) {
        String fingerprint = fingerprint(connection, password);
        List<HikariDataSource> retired = new ArrayList<>(1);
        Pool pool = pools.compute(new Key(connection.accountId(), connection.name()), (key, existing) -> {
            if (existing != null && existing.fingerprint().equals(fingerprint) && !existing.dataSource().isClosed()) {
                return existing;
            }
            if (existing != null) {
                retired.add(existing.dataSource());
            }
            return new Pool(fingerprint, create(connection, password));
        });
        // Closing waits for borrowed connections to come back: never inside compute.
        retired.forEach(HikariDataSource::close);
        return pool.dataSource();
    }

    private HikariDataSource create(SqlConnection connection, String password) {
        long connectMillis = Math.max(1000L, connection.timeoutSeconds() * 1000L);
        HikariConfig config = new HikariConfig();
        config.setPoolName("smarter-sql-" + connection.name() + "-" + POOL_NUMBER.incrementAndGet());
        config.setJdbcUrl(connection.jdbcUrl());
        config.setUsername(connection.username());
        config.setPassword(password);
        config.setReadOnly(true);
        if (JdbcSqlPluginExecutor.isMySqlDialect(connection.jdbcUrl())) {
            // Connector/J sends this for setReadOnly(true) only to servers it believes are MySQL 5.6.5+, and it
            // takes MariaDB's "5.5.5-" version prefix at face value: say it ourselves, for every connection.
            config.setConnectionInitSql("SET SESSION TRANSACTION READ ONLY");
        }
        config.setAutoCommit(false);
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(connectMillis);
        config.setValidationTimeout(Math.min(5000L, connectMillis / 2));
        config.setIdleTimeout(60_000);
        config.setMaxLifetime(600_000);
        // Lazy: no connection attempt (and no failure) when the pool is built.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private static String fingerprint(SqlConnection connection, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {connection.jdbcUrl(), connection.username(), password,
                    Integer.toString(connection.timeoutSeconds())}) {
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    int size() {
        return pools.size();
    }

    @Override
    public void close() {
        pools.values().forEach(pool -> pool.dataSource().close());
        pools.clear();
    }
}
