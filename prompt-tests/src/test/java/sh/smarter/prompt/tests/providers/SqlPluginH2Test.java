package sh.smarter.prompt.tests.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;
import sh.smarter.prompt.providers.sql.JdbcSqlPluginExecutor;

/**
 * The SQL plugin contract on an in-memory H2 database. H2 treats a read-only connection as a hint, so here a
 * write hidden in a SELECT runs and is undone by the rollback that ends every plugin query.
 */
class SqlPluginH2Test extends SqlPluginContract {
    private String url;
    private Connection admin;

    @Override
    protected void openDatabase() throws SQLException {
        url = newDatabaseUrl();
        admin = DriverManager.getConnection(url, "sa", "");
    }

    @Override
    protected void closeDatabase() throws SQLException {
        admin.close();
    }

    private static String newDatabaseUrl() {
        return "jdbc:h2:mem:courses_" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
    }

    @Override
    protected Connection admin() {
        return admin;
    }

    @Override
    protected SqlConnection pluginConnection(int timeoutSeconds) {
        return new SqlConnection(1, 1, "courses_db", url, "sa", Secret.NONE, timeoutSeconds, Instant.EPOCH,
                Instant.EPOCH);
    }

    @Override
    protected String slowQuery() {
        return "SELECT COUNT(*) AS n FROM SYSTEM_RANGE(1, 100000) a, SYSTEM_RANGE(1, 100000) b"
                + " WHERE a.\"X\" + b.\"X\" = {target}";
    }

    @Override
    protected void createWritingFunction() throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE ALIAS add_course AS $$\n"
                    + "int addCourse(java.sql.Connection conn, String title) throws java.sql.SQLException {\n"
                    + "    try (java.sql.PreparedStatement insert = conn.prepareStatement(\n"
                    + "            \"INSERT INTO courses VALUES (99, ?, 0, FALSE, NULL)\")) {\n"
                    + "        insert.setString(1, title);\n"
                    + "        return insert.executeUpdate();\n"
                    + "    }\n"
                    + "}\n$$");
        }
    }

    @Override
    protected void assertHiddenWriteOutcome(Json result) {
        // H2 ran the insert inside the plugin's transaction (the function reports 1 row); the rollback that ends
        // every plugin query removed it again, which the contract checks by counting.
        assertThat(result).isEqualTo(Json.parse("[{\"added\":1}]"));
    }

    @Test
    void a_changed_connection_gets_a_new_pool_on_the_new_database() throws SQLException {
        String otherUrl = newDatabaseUrl();
        try (Connection other = DriverManager.getConnection(otherUrl, "sa", "");
             Statement statement = other.createStatement()) {
            statement.execute("CREATE TABLE courses (id INT PRIMARY KEY)");
            statement.execute("INSERT INTO courses VALUES (42)");
            PluginData.SqlData query = new PluginData.SqlData("courses_db", "SELECT COUNT(*) AS n FROM courses", 10);

            Json before = executor.execute(pluginConnection(5), query, JsonObject.EMPTY);
            SqlConnection moved = new SqlConnection(1, 1, "courses_db", otherUrl, "sa", Secret.NONE, 5,
                    Instant.EPOCH, Instant.EPOCH);
            Json after = executor.execute(moved, query, JsonObject.EMPTY);

            assertThat(before).isEqualTo(Json.parse("[{\"n\":5}]"));
            assertThat(after).isEqualTo(Json.parse("[{\"n\":1}]"));
        }
    }

    @Test
    void a_result_larger_than_allowed_is_an_error_rather_than_a_huge_tool_message() {
        try (JdbcSqlPluginExecutor small = new JdbcSqlPluginExecutor(new JdbcSqlPluginExecutor.Settings(2, 200),
                variable -> null)) {
            Json result = small.execute(pluginConnection(5), new PluginData.SqlData("courses_db",
                    "SELECT id, title, cost FROM courses ORDER BY id", 100), JsonObject.EMPTY);

            assertThat(result.toJson()).contains("\"error\"", "larger than 200 characters");
        }
    }

    @Test
    void an_unknown_database_url_is_an_error_not_an_exception() {
        SqlConnection nowhere = new SqlConnection(1, 1, "nowhere", "jdbc:nosuchdb://localhost/x", "sa",
                Secret.NONE, 1, Instant.EPOCH, Instant.EPOCH);

        Json result = executor.execute(nowhere, new PluginData.SqlData("nowhere", "SELECT 1 AS one", 10),
                JsonObject.EMPTY);

        assertThat(result).isInstanceOf(JsonObject.class);
        assertThat(((JsonObject) result).string("error")).get().asString().contains("nowhere");
        assertThat(result).isNotInstanceOf(JsonArray.class);
    }

    @Test
    void a_password_from_an_unset_variable_is_reported_without_connecting() {
        SqlConnection needsPassword = new SqlConnection(1, 1, "courses_db", url, "sa",
                Secret.env("COURSES_DB_PASSWORD"), 5, Instant.EPOCH, Instant.EPOCH);

        Json result = executor.execute(needsPassword, new PluginData.SqlData("courses_db", "SELECT 1 AS one", 10),
                JsonObject.EMPTY);

        assertThat(result.toJson()).contains("set COURSES_DB_PASSWORD");
    }
}
