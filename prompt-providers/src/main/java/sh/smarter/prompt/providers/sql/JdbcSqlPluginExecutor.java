package sh.smarter.prompt.providers.sql;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonBool;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;
import sh.smarter.prompt.core.tool.BuiltInFunction;
import sh.smarter.prompt.core.tool.SqlPluginExecutor;
import sh.smarter.prompt.providers.secret.SecretResolver;

/**
 * Runs SQL plugin queries over JDBC. Arguments are always bound as {@link PreparedStatement} parameters, never
 * spliced into the SQL text (see {@link SqlTemplate} for the placeholder rules). Writes are kept out by three
 * layers: the query must be a single SELECT/WITH without writing keywords; the connection is read-only (MySQL and
 * MariaDB enforce this with {@code SET SESSION TRANSACTION READ ONLY}); and every query runs in a transaction
 * that is rolled back (which covers databases such as H2 that treat read-only as a hint). The statement has the
 * connection's timeout and returns at most {@code limit} rows ({@code limit + 1} are fetched to detect a cut,
 * which is logged). Every failure comes back as {@code {"error": "..."}}.
 *
 * <p>Thread-safe; holds a small pool per SQL connection, so close it when the installation stops.
 */
public final class JdbcSqlPluginExecutor implements SqlPluginExecutor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSqlPluginExecutor.class);

    /**
     * @param maxPoolSize    connections per SQL connection
     * @param maxResultChars the largest result (as JSON text) returned to the model
     */
    public record Settings(int maxPoolSize, long maxResultChars) {
        public static final Settings DEFAULTS = new Settings(4, 1_000_000);

        public Settings {
            if (maxPoolSize < 1 || maxResultChars < 2) {
                throw new IllegalArgumentException("maxPoolSize must be >= 1 and maxResultChars >= 2");
            }
        }
    }

    private final Settings settings;
    private final SecretResolver secrets;
    private final ConnectionPools pools;

    public JdbcSqlPluginExecutor() {
        this(Settings.DEFAULTS, System::getenv);
    }

    /** @param environment looks up environment variables that hold connection passwords */
    public JdbcSqlPluginExecutor(Settings settings, Function<String, String> environment) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.secrets = new SecretResolver(environment);
        this.pools = new ConnectionPools(settings.maxPoolSize());
    }

    @Override
    public Json execute(SqlConnection connection, PluginData.SqlData query, JsonObject arguments) {
        SqlTemplate template;
        List<Json> values;
        try {
            template = SqlTemplate.parse(query.sqlQuery(), isMySqlDialect(connection.jdbcUrl()));
            values = valuesInOrder(template, arguments);
        } catch (IllegalArgumentException e) {
            return BuiltInFunction.error("the SQL plugin's query was not run: " + e.getMessage());
        }
        String password = secrets.resolve(connection.password()).orElse(null);
        if (password == null && connection.password() instanceof Secret.FromEnvironment) {
            return BuiltInFunction.error("SQL connection " + connection.name() + " has no password: "
                    + SecretResolver.howToProvide(connection.password()));
        }
        long started = System.nanoTime();
        try {
            ResultRows.Page page = run(pools.pool(connection, password), connection, query, template, values);
            LOG.debug("SQL plugin query on {} returned {} row(s){} in {} ms", connection.name(), page.rows().size(),
                    page.truncated() ? " (cut at the limit " + query.limit() + ")" : "",
                    (System.nanoTime() - started) / 1_000_000);
            return page.rows();
        } catch (SQLTimeoutException e) {
            return BuiltInFunction.error("the query took longer than " + connection.timeoutSeconds()
                    + " s and was cancelled");
        } catch (SQLException e) {
            String message = SecretResolver.scrub(withCause(e), password);
            LOG.warn("SQL plugin query on {} failed: {} (SQLState {})", connection.name(), message, e.getSQLState());
            if (isConnectionProblem(e)) {
                return BuiltInFunction.error("the database of SQL connection " + connection.name()
                        + " could not be reached: " + message);
            }
            return BuiltInFunction.error("the query failed: " + message);
        } catch (ResultRows.TooLargeException e) {
            return BuiltInFunction.error(e.getMessage());
        } catch (RuntimeException e) {
            // A pool that cannot be built: no driver for the URL, an invalid setting.
            String message = SecretResolver.scrub(e.getMessage(), password);
            LOG.warn("SQL connection {} cannot be used: {}", connection.name(), message);
            return BuiltInFunction.error("SQL connection " + connection.name() + " cannot be used: " + message);
        }
    }

    private ResultRows.Page run(HikariDataSource pool, SqlConnection connection, PluginData.SqlData query,
                                SqlTemplate template, List<Json> values)
            throws SQLException, ResultRows.TooLargeException {
        try (Connection jdbc = pool.getConnection()) {
            try {
                jdbc.setReadOnly(true);
                jdbc.setAutoCommit(false);
                try (PreparedStatement statement = jdbc.prepareStatement(template.jdbcSql())) {
                    statement.setQueryTimeout(connection.timeoutSeconds());
                    statement.setMaxRows(query.limit() == Integer.MAX_VALUE ? 0 : query.limit() + 1);
                    for (int i = 0; i < values.size(); i++) {
                        bind(statement, i + 1, values.get(i));
                    }
                    try (ResultSet rows = statement.executeQuery()) {
                        return ResultRows.read(rows, query.limit(), settings.maxResultChars());
                    }
                }
            } catch (SQLException e) {
                if (isConnectionProblem(e)) {
                    pool.evictConnection(jdbc);
                }
                throw e;
            } finally {
                rollbackQuietly(jdbc);
            }
        }
    }

    /** The argument of each placeholder, in order; fails before any I/O when one is missing or not a scalar. */
    private static List<Json> valuesInOrder(SqlTemplate template, JsonObject arguments) {
        List<Json> values = new ArrayList<>(template.parameters().size());
        for (String name : template.parameters()) {
            if (!arguments.has(name)) {
                throw new IllegalArgumentException("it uses {" + name + "}, but the call has no argument " + name);
            }
            Json value = arguments.get(name);
            if (!(value.isNull() || value instanceof JsonString || value instanceof JsonNumber
                    || value instanceof JsonBool)) {
                throw new IllegalArgumentException("argument " + name + " must be a string, number, boolean or null");
            }
            values.add(value);
        }
        return values;
    }

    private static void bind(PreparedStatement statement, int index, Json value) throws SQLException {
        if (value instanceof JsonString text) {
            statement.setString(index, text.value());
        } else if (value instanceof JsonNumber number) {
            BigDecimal exact = number.value();
            if (number.isIntegral() && exact.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                statement.setLong(index, exact.longValueExact());
            } else {
                statement.setBigDecimal(index, exact);
            }
        } else if (value instanceof JsonBool bool) {
            statement.setBoolean(index, bool.value());
        } else {
            statement.setNull(index, Types.NULL);
        }
    }

    /** The pool's "connection is not available" says little; the driver's reason (wrong password...) says why. */
    private static String withCause(SQLException e) {
        Throwable cause = e.getCause();
        if (cause == null || cause.getMessage() == null || e.getMessage().contains(cause.getMessage())) {
            return e.getMessage();
        }
        return e.getMessage() + " (" + cause.getMessage() + ")";
    }

    private static void rollbackQuietly(Connection jdbc) {
        try {
            jdbc.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback after a SQL plugin query failed: {}", e.getMessage());
        }
    }

    private static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || e instanceof SQLRecoverableException || (state != null && state.startsWith("08"));
    }

    /** MySQL and MariaDB quote and escape differently from standard SQL (H2, PostgreSQL). */
    static boolean isMySqlDialect(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:");
    }

    @Override
    public void close() {
        pools.close();
    }
}
