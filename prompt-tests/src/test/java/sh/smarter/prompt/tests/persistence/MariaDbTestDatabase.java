package sh.smarter.prompt.tests.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import sh.smarter.prompt.persistence.database.DatabaseSettings;

/**
 * The MariaDB server that {@code scripts/mariadb-test-server.sh start} runs for tests, found through the variables
 * it exports. Any suite that needs a real MySQL-compatible server uses it:
 *
 * <pre>{@code
 * DatabaseSettings settings = MariaDbTestDatabase.createDatabase("sqlplugin"); // a new, empty database
 * ...
 * MariaDbTestDatabase.dropDatabase(settings);
 * }</pre>
 *
 * <p>Without the variables the calling test is skipped with a visible reason, except when {@code CI=true}: there a
 * missing server is a failure, so that a broken CI set-up cannot pass by skipping.
 */
public final class MariaDbTestDatabase {
    public static final String URL_VARIABLE = "SMARTER_TEST_MYSQL_URL";
    public static final String USER_VARIABLE = "SMARTER_TEST_MYSQL_USER";
    public static final String PASSWORD_VARIABLE = "SMARTER_TEST_MYSQL_PASSWORD";

    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:(?:mysql|mariadb)://[^/?]+/)([^?]*)(.*)$");
    private static final AtomicBoolean SKIP_REPORTED = new AtomicBoolean();

    private MariaDbTestDatabase() {
    }

    /** True when the test server's variables are set. */
    public static boolean isConfigured() {
        return List.of(URL_VARIABLE, USER_VARIABLE, PASSWORD_VARIABLE).stream()
                .allMatch(name -> System.getenv(name) != null && !System.getenv(name).isBlank());
    }

    /**
     * Settings for the database the script created ({@code smarter_prompt_test}). Skips the calling test when the
     * server is not configured, or fails it when {@code CI=true}.
     */
    public static DatabaseSettings serverSettings() {
        requireServer();
        return DatabaseSettings.mysql(System.getenv(URL_VARIABLE), System.getenv(USER_VARIABLE),
                System.getenv(PASSWORD_VARIABLE));
    }

    /**
     * Creates a new, empty utf8mb4 database with a random name starting with {@code prefix} and returns settings
     * for it, so that a test class neither sees nor disturbs another's tables.
     */
    public static DatabaseSettings createDatabase(String prefix) {
        DatabaseSettings server = serverSettings();
        String name = (prefix.replaceAll("[^A-Za-z0-9_]", "_") + "_" + UUID.randomUUID().toString()
                .replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
        execute(server, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return new DatabaseSettings(withDatabase(server.jdbcUrl(), name), server.user(), server.password(),
                server.poolSize(), server.connectionTimeout());
    }

    /** Drops a database made by {@link #createDatabase}. */
    public static void dropDatabase(DatabaseSettings settings) {
        Matcher url = DATABASE_IN_URL.matcher(settings.jdbcUrl());
        if (!url.matches() || url.group(2).isEmpty()) {
            throw new IllegalArgumentException("no database named in " + settings);
        }
        execute(serverSettings(), "DROP DATABASE IF EXISTS " + url.group(2));
    }

    private static void requireServer() {
        if (isConfigured()) {
            return;
        }
        String reason = "MariaDB tests need a server: run eval \"$(scripts/mariadb-test-server.sh start)\" to set "
                + URL_VARIABLE + ", " + USER_VARIABLE + " and " + PASSWORD_VARIABLE;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true but " + reason);
        }
        if (SKIP_REPORTED.compareAndSet(false, true)) {
            System.err.println("SKIPPED: " + reason);
        }
        Assumptions.abort(reason);
    }

    private static String withDatabase(String jdbcUrl, String database) {
        Matcher url = DATABASE_IN_URL.matcher(jdbcUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException(URL_VARIABLE + " is not a jdbc:mysql://host:port/database URL");
        }
        return url.group(1) + database + url.group(3);
    }

    private static void execute(DatabaseSettings settings, String sql) {
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
                settings.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run \"" + sql + "\" on the MariaDB test server", e);
        }
    }
}
