package sh.smarter.prompt.tests.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;

/**
 * The SQL plugin contract on the MariaDB test server of {@code scripts/mariadb-test-server.sh}
 * ({@code eval "$(scripts/mariadb-test-server.sh start)"} exports SMARTER_TEST_MYSQL_URL, _USER and _PASSWORD).
 * Without them the class is skipped, visibly; with CI=true it fails instead. Each run uses a database of its own.
 */
class SqlPluginMariaDbTest extends SqlPluginContract {
    private static final Pattern DATABASE_IN_URL = Pattern.compile("(jdbc:mysql://[^/?]+/)([^?]*)(.*)");
    private static final String PASSWORD_VARIABLE = "SMARTER_TEST_MYSQL_PASSWORD";
    private static final String NOT_CONFIGURED = "SMARTER_TEST_MYSQL_URL is not set: start MariaDB with"
            + " eval \"$(scripts/mariadb-test-server.sh start)\" to run the SQL plugin tests on MariaDB";

    private static String serverUrl;
    private static String user;
    private static String password;
    private static String database;
    private static String databaseUrl;
    private Connection admin;

    @BeforeAll
    static void createDatabase() throws SQLException {
        serverUrl = System.getenv("SMARTER_TEST_MYSQL_URL");
        user = System.getenv("SMARTER_TEST_MYSQL_USER");
        password = System.getenv(PASSWORD_VARIABLE);
        if (serverUrl == null || serverUrl.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(NOT_CONFIGURED + " (CI=true: the MariaDB tests must run)");
            }
            System.err.println("SKIPPED SqlPluginMariaDbTest: " + NOT_CONFIGURED);
            return;
        }
        database = "smarter_providers_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Matcher parts = DATABASE_IN_URL.matcher(serverUrl);
        if (!parts.matches()) {
            Assertions.fail("SMARTER_TEST_MYSQL_URL is not jdbc:mysql://host:port/database?...: " + serverUrl);
        }
        databaseUrl = parts.group(1) + database + parts.group(3);
        try (Connection root = DriverManager.getConnection(serverUrl, user, password);
             Statement statement = root.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (database != null) {
            try (Connection root = DriverManager.getConnection(serverUrl, user, password);
                 Statement statement = root.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    @Override
    protected String environment(String variable) {
        return PASSWORD_VARIABLE.equals(variable) ? password : null;
    }

    @Override
    protected void openDatabase() throws SQLException {
        // Each test reports itself skipped, with the reason, when no MariaDB is configured.
        Assumptions.assumeTrue(database != null, NOT_CONFIGURED);
        admin = DriverManager.getConnection(databaseUrl, user, password);
        try (Statement statement = admin.createStatement()) {
            statement.execute("DROP FUNCTION IF EXISTS add_course");
        }
    }

    @Override
    protected void closeDatabase() throws SQLException {
        if (admin != null) {
            admin.close();
        }
    }

    @Override
    protected Connection admin() {
        return admin;
    }

    @Override
    protected SqlConnection pluginConnection(int timeoutSeconds) {
        // The password travels the way a real connection's would: through an environment variable.
        return new SqlConnection(1, 1, "courses_db", databaseUrl, user, Secret.env(PASSWORD_VARIABLE),
                timeoutSeconds, Instant.EPOCH, Instant.EPOCH);
    }

    @Override
    protected String slowQuery() {
        return "SELECT SLEEP({target}) AS slept";
    }

    @Override
    protected void createWritingFunction() throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE FUNCTION add_course(t VARCHAR(200)) RETURNS INT MODIFIES SQL DATA"
                    + " BEGIN INSERT INTO courses VALUES (99, t, 0, FALSE, NULL); RETURN 1; END");
        }
    }

    @Override
    protected void assertHiddenWriteOutcome(Json result) {
        // MariaDB refuses the INSERT itself: the session is READ ONLY.
        assertThat(result.toJson()).contains("error", "READ ONLY");
    }

    @Test
    void a_wrong_password_is_an_error_that_does_not_show_it() {
        String wrong = "wrong-" + UUID.randomUUID();
        SqlConnection badPassword = new SqlConnection(1, 1, "bad_password", databaseUrl, user, Secret.value(wrong), 2,
                Instant.EPOCH, Instant.EPOCH);

        Json result = executor.execute(badPassword, new PluginData.SqlData("bad_password", "SELECT 1 AS one", 10),
                JsonObject.EMPTY);

        assertThat(result.toJson()).contains("error", "bad_password", "Access denied").doesNotContain(wrong);
    }
}
