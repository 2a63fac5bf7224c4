package sh.smarter.prompt.persistence.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.hibernate.jpa.boot.spi.JpaSettings;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.persistence.resource.JpaResourceCatalog;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.persistence.session.JpaSessionHistory;
import sh.smarter.prompt.persistence.session.JpaSessionMaintenance;
import sh.smarter.prompt.persistence.session.JpaTokenUsageTotals;
import sh.smarter.prompt.persistence.session.JpaTurnStore;
import sh.smarter.prompt.persistence.session.SessionEntities;
import sh.smarter.prompt.persistence.support.DatabaseFailures;
import sh.smarter.prompt.persistence.support.DateTimeAsTextJdbcType;
import sh.smarter.prompt.persistence.support.DatabaseHealth;
import sh.smarter.prompt.persistence.support.Transactions;

/**
 * Opens the database: a HikariCP pool, the Flyway migrations, and a Hibernate entity manager factory built in code
 * (entity classes listed, nothing scanned, no persistence.xml). It hands out the session ports — one adapter each
 * ({@link #turnStore()}, {@link #sessionHistory()}, {@link #sessionMaintenance()}, {@link #tokenUsageTotals()}), or
 * all four as one {@link #sessionStore()} — and the resource catalog, which share the pool. Close it when the program
 * ends.
 *
 * <pre>{@code
 * try (JpaPersistence persistence = JpaPersistence.open(DatabaseSettings.embeddedH2(dataDir))) {
 *     SessionStore sessions = persistence.sessionStore();
 *     ResourceCatalog catalog = persistence.resourceCatalog();
 * }
 * }</pre>
 */
public final class JpaPersistence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JpaPersistence.class);
    private static final int INSERT_BATCH_SIZE = 50;
    /**
     * Every MySQL connection behaves the same whatever the server's defaults: strict mode, so that a value that does
     * not fit is an error rather than silently cut; and a short lock wait, so that a stuck row lock turns into a
     * retry instead of blocking for InnoDB's default 50 s (H2 gets LOCK_TIMEOUT in its URL).
     */
    private static final String MYSQL_SESSION_SETUP = "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,"
            + "NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', innodb_lock_wait_timeout = 5";
    /** MySQL's ER_PARSE_ERROR: what a server that takes one statement per text answers to two. */
    private static final int PARSE_ERROR = 1064;
    private static final long PACKET_FRAMING_BYTES = 64 * 1024;
    private static final Pattern MARIADB_VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+)-MariaDB");

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;
    private final EntityManagerFactory entityManagerFactory;
    private final Transactions transactions;
    private final Clock clock;
    /** See {@link #oneTextBytes(DataSource)}. */
    private final long oneTextBytes;
    private final JpaTurnStore turnStore;
    private final JpaSessionHistory sessionHistory;
    private final JpaSessionMaintenance sessionMaintenance;
    private final JpaTokenUsageTotals tokenUsageTotals;
    private final SessionStore sessionStore;
    private final JpaResourceCatalog resourceCatalog;

    private JpaPersistence(DatabaseSettings settings, HikariDataSource dataSource,
                           EntityManagerFactory entityManagerFactory, Clock clock, long oneTextBytes) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.entityManagerFactory = entityManagerFactory;
        this.transactions = new Transactions(entityManagerFactory);
        this.clock = clock;
        this.oneTextBytes = oneTextBytes;
        this.turnStore = new JpaTurnStore(transactions, dataSource, clock, oneTextBytes);
        this.sessionHistory = new JpaSessionHistory(transactions);
        this.sessionMaintenance = new JpaSessionMaintenance(transactions, clock);
        this.tokenUsageTotals = new JpaTokenUsageTotals(transactions);
        this.sessionStore = SessionStore.of(turnStore, sessionHistory, sessionMaintenance, tokenUsageTotals);
        this.resourceCatalog = new JpaResourceCatalog(transactions);
    }

    /** Opens the database with the system clock. */
    public static JpaPersistence open(DatabaseSettings settings) {
        return open(settings, Clock.systemUTC());
    }

    /**
     * Connects, applies pending migrations and checks that the schema matches the entities.
     *
     * @param clock the time the session store stamps on turns
     * @throws PromptException STORAGE_UNAVAILABLE when the database cannot be reached
     * @throws IllegalStateException when the schema cannot be migrated or does not match this build
     */
    public static JpaPersistence open(DatabaseSettings settings, Clock clock) {
        return open(settings, clock, UnaryOperator.identity());
    }

    /**
     * Opens like {@link #open(DatabaseSettings, Clock)}, with the stores reaching the pool through
     * {@code decorate}'s data source: for tools and tests that watch what the stores send (statement counts).
     */
    public static JpaPersistence open(DatabaseSettings settings, Clock clock, UnaryOperator<DataSource> decorate) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(decorate, "decorate");
        HikariDataSource dataSource = pool(settings);
        try {
            SchemaStatus schema = migrate(settings);
            LOG.info("database {} at schema version {}", DatabaseSettings.maskUrlSecrets(settings.jdbcUrl()),
                    schema.currentVersion());
            EntityManagerFactory entityManagerFactory = entityManagerFactory(decorate.apply(dataSource),
                    settings.isMysql());
            return new JpaPersistence(settings, dataSource, entityManagerFactory, clock,
                    settings.isMysql() ? oneTextBytes(dataSource) : 0);
        } catch (RuntimeException e) {
            dataSource.close();
            throw DatabaseFailures.translate(e);
        }
    }

    /** The turn's store, stamping turns with this persistence's clock. */
    public JpaTurnStore turnStore() {
        return turnStore;
    }

    public JpaSessionHistory sessionHistory() {
        return sessionHistory;
    }

    public JpaSessionMaintenance sessionMaintenance() {
        return sessionMaintenance;
    }

    public JpaTokenUsageTotals tokenUsageTotals() {
        return tokenUsageTotals;
    }

    /** The four session ports above as one object, for wiring them in one go. */
    public SessionStore sessionStore() {
        return sessionStore;
    }

    /** The session ports on the same database taking their time from another clock (tests, simulations). */
    @SuppressWarnings("ReferenceEquality") // the very clock these ports were built with: reuse them, not an equal one
    public SessionStore sessionStore(Clock otherClock) {
        return otherClock == clock ? sessionStore : SessionStore.of(new JpaTurnStore(transactions, dataSource,
                otherClock, oneTextBytes), sessionHistory, new JpaSessionMaintenance(transactions,
                otherClock), tokenUsageTotals);
    }

    public JpaResourceCatalog resourceCatalog() {
        return resourceCatalog;
    }

    /** The migrations the database has and the ones still pending (none, after {@link #open}). */
    public SchemaStatus migrationInfo() {
        try {
            return SchemaMigrations.status(settings);
        } catch (RuntimeException e) {
            throw DatabaseFailures.translate(e);
        }
    }

    /** True when the database answers within a couple of seconds; for readiness checks. Never throws. */
    public boolean isReachable() {
        return DatabaseHealth.isReachable(dataSource);
    }

    public DatabaseSettings settings() {
        return settings;
    }

    /** The pooled connections, for tools that need plain JDBC on the same database (maintenance, tests). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Closes the entity manager factory and the pool; closing twice does nothing more. */
    @Override
    public void close() {
        try {
            if (entityManagerFactory.isOpen()) {
                entityManagerFactory.close();
            }
        } finally {
            dataSource.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------- set-up

    private static HikariDataSource pool(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("smarter-prompt");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        // Waiting for a connection longer than this means the database is down or overloaded: fail fast (503).
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.max(250, settings.connectionTimeout().toMillis() / 2));
        config.setAutoCommit(false);
        // Fewer gap locks than REPEATABLE READ; every write here is guarded by keys and conditional updates.
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        if (settings.isMysql()) {
            config.setConnectionInitSql(MYSQL_SESSION_SETUP);
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (DatabaseFailures.isAccessDenied(e)) {
                // A configuration mistake, not an outage: retrying will not help.
                throw new PromptException(ErrorKind.CONFIGURATION, "SmarterConfigurationError",
                        "the database refused the user name or password", e);
            }
            throw PromptException.storageUnavailable("the database is unavailable", e);
        }
    }

    private static SchemaStatus migrate(DatabaseSettings settings) {
        try {
            return SchemaMigrations.migrate(settings);
        } catch (FlywayException e) {
            if (DatabaseFailures.isUnavailable(e)) {
                throw PromptException.storageUnavailable("the database is unavailable", e);
            }
            throw new IllegalStateException("the database schema could not be migrated: " + e.getMessage(), e);
        }
    }

    private static EntityManagerFactory entityManagerFactory(DataSource dataSource, boolean mysqlProtocol) {
        List<Class<?>> entities = new ArrayList<>(SessionEntities.CLASSES);
        entities.addAll(JpaResourceCatalog.ENTITY_CLASSES);
        Map<String, Object> properties = hibernateProperties(dataSource);
        if (mysqlProtocol) {
            mariaDbVersion(dataSource).ifPresent(version -> {
                // MariaDB greets MySQL clients as "5.5.5-<version>-MariaDB", which Hibernate would take for MySQL
                // 5.5. Name the product and its real version instead.
                properties.put(AvailableSettings.JAKARTA_HBM2DDL_DB_NAME, "MariaDB");
                properties.put(AvailableSettings.JAKARTA_HBM2DDL_DB_VERSION, version);
            });
            properties.put(JpaSettings.TYPE_CONTRIBUTORS, DateTimeAsTextJdbcType.contributor());
        }
        try {
            return new HibernatePersistenceConfiguration("smarter-prompt")
                    .managedClasses(entities)
                    .properties(properties)
                    .createEntityManagerFactory();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SchemaManagementException) {
                    throw new IllegalStateException("the database schema does not match this build: "
                            + t.getMessage(), e);
                }
            }
            throw e;
        }
    }

    /**
     * How long a text of several statements a turn may send to this MySQL server in one go: its
     * {@code max_allowed_packet}, less room for the packet's own framing. 0 when the server does not take several
     * statements in one text (the URL turned {@code allowMultiQueries} off, which {@link DatabaseSettings#mysql}
     * turns on): the store then sends one statement at a time. Asked once, of the server itself, so that no
     * spelling of the URL can make the store send texts the connection refuses.
     */
    private static long oneTextBytes(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            try {
                statement.execute("SELECT @@max_allowed_packet; SELECT 1");
            } catch (SQLException refused) {
                if (refused.getErrorCode() == PARSE_ERROR) {
                    return 0;
                }
                throw refused;
            }
            try (ResultSet packet = statement.getResultSet()) {
                return packet.next() ? Math.max(0, packet.getLong(1) - PACKET_FRAMING_BYTES) : 0;
            }
        } catch (SQLException e) {
            throw PromptException.storageUnavailable("the database is unavailable", e);
        }
    }

    /** The version of a MariaDB server ("10.11.19"), or empty for MySQL. */
    private static Optional<String> mariaDbVersion(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("SELECT VERSION()")) {
            Matcher matcher = MARIADB_VERSION.matcher(version.next() ? version.getString(1) : "");
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (SQLException e) {
            throw PromptException.storageUnavailable("the database is unavailable", e);
        }
    }

    private static Map<String, Object> hibernateProperties(DataSource dataSource) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
        properties.put(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, true);
        // The migrations own the schema; Hibernate only checks that its mapping matches it.
        properties.put(AvailableSettings.HBM2DDL_AUTO, "validate");
        // A turn's rows go out as a few batched statements (multi-row INSERTs on MySQL).
        properties.put(AvailableSettings.STATEMENT_BATCH_SIZE, INSERT_BATCH_SIZE);
        properties.put(AvailableSettings.ORDER_INSERTS, true);
        // DATETIME(6) columns hold UTC whatever the time zone of the JVM or the server.
        properties.put(AvailableSettings.PREFERRED_INSTANT_JDBC_TYPE, "TIMESTAMP");
        properties.put(AvailableSettings.JDBC_TIME_ZONE, "UTC");
        // Chatbots' function and plugin lists load together instead of one query per chatbot.
        properties.put(AvailableSettings.DEFAULT_BATCH_FETCH_SIZE, 32);
        properties.put(AvailableSettings.IN_CLAUSE_PARAMETER_PADDING, true);
        return properties;
    }
}
