package sh.smarter.prompt.tests.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.SqlConnection;
import sh.smarter.prompt.providers.sql.JdbcSqlPluginExecutor;

/**
 * What the SQL plugin executor guarantees, on any database: parameters bound (never spliced), hostile inputs
 * harmless, the row limit and the timeout held, writes refused. Subclasses provide the database.
 */
abstract class SqlPluginContract {
    static final String SEARCH = "SELECT id, title, cost, published, starts FROM courses"
            + " WHERE title LIKE CONCAT('%', {q}, '%') ORDER BY id";
    private static final String COURSES = "CREATE TABLE courses (id INT PRIMARY KEY, title VARCHAR(200) NOT NULL,"
            + " cost DECIMAL(10,2) NOT NULL, published BOOLEAN NOT NULL, starts DATE)";
    private static final String ROWS = "INSERT INTO courses VALUES"
            + " (1, 'Java for Beginners', 199.99, TRUE, DATE '2026-01-15'),"
            + " (2, 'Advanced Java', 499.00, TRUE, DATE '2026-02-01'),"
            + " (3, 'Intro to AI', 0.00, FALSE, NULL),"
            + " (4, 'Neural Networks', 350.50, TRUE, DATE '2026-03-10'),"
            + " (5, 'Web Development', 120.00, TRUE, DATE '2026-04-20')";

    protected final JdbcSqlPluginExecutor executor = new JdbcSqlPluginExecutor(JdbcSqlPluginExecutor.Settings.DEFAULTS,
            this::environment);

    /** The environment the executor sees for connection passwords: empty unless a subclass says otherwise. */
    protected String environment(String variable) {
        return null;
    }

    /** Opens the database and the admin connection, before each test. */
    protected abstract void openDatabase() throws SQLException;

    /** Closes what {@link #openDatabase()} opened, after each test. */
    protected abstract void closeDatabase() throws SQLException;

    /** A connection with rights to create and inspect the test table. */
    protected abstract Connection admin();

    /** The plugin's connection to the same database. */
    protected abstract SqlConnection pluginConnection(int timeoutSeconds);

    /** A SELECT that runs far longer than a second, with a {@code {target}} placeholder. */
    protected abstract String slowQuery();

    /** Creates {@code add_course(title)}, a function that inserts a course and returns 1. */
    protected abstract void createWritingFunction() throws SQLException;

    /**
     * What this database does with a write hidden in a SELECT (a function that inserts), beyond changing
     * nothing: a database that enforces read-only sessions refuses it; one that does not runs it, and the
     * rollback undoes it.
     */
    protected abstract void assertHiddenWriteOutcome(Json result);

    @BeforeEach
    void createCourses() throws SQLException {
        openDatabase();
        try (Statement statement = admin().createStatement()) {
            statement.execute("DROP TABLE IF EXISTS courses");
            statement.execute(COURSES);
            statement.execute(ROWS);
        }
    }

    @AfterEach
    void closeExecutor() throws SQLException {
        executor.close();
        closeDatabase();
    }

    protected Json run(String sql, int limit, JsonObject arguments) {
        return executor.execute(pluginConnection(5), new PluginData.SqlData("courses_db", sql, limit), arguments);
    }

    protected static JsonObject args(String name, Json value) {
        return JsonObject.builder().put(name, value).build();
    }

    protected long courseCount() throws SQLException {
        try (Statement statement = admin().createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM courses")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<Long> ids(Json result) {
        assertThat(result).as("rows, not an error: %s", result).isInstanceOf(JsonArray.class);
        return ((JsonArray) result).stream()
                .map(row -> ((JsonObject) row).number("id").orElseThrow().longValue()).toList();
    }

    private static String errorOf(Json result) {
        assertThat(result).as("an error: %s", result).isInstanceOf(JsonObject.class);
        return ((JsonObject) result).string("error").orElseThrow(() -> new AssertionError("no error: " + result));
    }

    @Test
    void arguments_are_bound_and_rows_come_back_with_json_types() {
        Json java = run(SEARCH, 10, args("q", Json.of("Java")));
        Json ai = run(SEARCH, 10, args("q", Json.of("AI")));

        assertThat(java).isEqualTo(Json.parse("[{\"id\":1,\"title\":\"Java for Beginners\",\"cost\":199.99,"
                + "\"published\":true,\"starts\":\"2026-01-15\"},{\"id\":2,\"title\":\"Advanced Java\","
                + "\"cost\":499.00,\"published\":true,\"starts\":\"2026-02-01\"}]"));
        assertThat(java.toJson()).contains("\"cost\":199.99", "\"cost\":499.00");
        assertThat(ai).isEqualTo(Json.parse("[{\"id\":3,\"title\":\"Intro to AI\",\"cost\":0.00,"
                + "\"published\":false,\"starts\":null}]"));
    }

    @Test
    void a_placeholder_used_twice_is_bound_twice_and_null_binds_sql_null() {
        String sql = "SELECT id FROM courses WHERE (cost <= {max_cost} OR CAST({max_cost} AS DECIMAL(10,2)) IS NULL)"
                + " ORDER BY id";

        assertThat(ids(run(sql, 10, args("max_cost", Json.of(200))))).containsExactly(1L, 3L, 5L);
        assertThat(ids(run(sql, 10, args("max_cost", Json.from(null))))).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void injection_attempts_return_no_extra_rows_and_change_nothing() throws SQLException {
        List<String> hostile = List.of("x' OR '1'='1", "1; DROP TABLE courses", "'; DELETE FROM courses; --",
                "x".repeat(1024 * 1024));

        for (String input : hostile) {
            Json result = run(SEARCH, 10, args("q", Json.of(input)));

            assertThat(result).as("result for %.40s", input).isEqualTo(JsonArray.EMPTY);
            assertThat(courseCount()).as("rows after %.40s", input).isEqualTo(5);
        }
        assertThat(ids(run("SELECT id FROM courses ORDER BY id", 10, JsonObject.EMPTY)))
                .containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void the_row_limit_holds() {
        assertThat(ids(run("SELECT id FROM courses ORDER BY id", 2, JsonObject.EMPTY))).containsExactly(1L, 2L);
        assertThat(ids(run("SELECT id FROM courses ORDER BY id", 5, JsonObject.EMPTY))).hasSize(5);
    }

    @Test
    void a_slow_query_is_cancelled_at_the_connection_timeout() {
        long started = System.nanoTime();
        Json result = executor.execute(pluginConnection(1), new PluginData.SqlData("courses_db", slowQuery(), 10),
                args("target", Json.of(5)));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(errorOf(result)).contains("longer than 1 s");
        assertThat(elapsedMillis).isLessThan(5000);
        // The pooled connection is still good afterwards.
        assertThat(ids(run("SELECT id FROM courses WHERE id = {id}", 10, args("id", Json.of(4)))))
                .containsExactly(4L);
    }

    @Test
    void write_statements_are_refused_before_they_reach_the_database() throws SQLException {
        List<String> writes = List.of("UPDATE courses SET cost = 0 WHERE id = {id}",
                "DELETE FROM courses WHERE id = {id}",
                "INSERT INTO courses VALUES ({id}, 'x', 1, TRUE, NULL)",
                "DROP TABLE courses",
                "WITH doomed AS (SELECT id FROM courses) DELETE FROM courses WHERE id = {id}",
                "SELECT id FROM courses WHERE id = {id}; DELETE FROM courses");

        for (String sql : writes) {
            assertThat(errorOf(run(sql, 10, args("id", Json.of(1))))).as(sql).contains("was not run");
        }
        assertThat(courseCount()).isEqualTo(5);
    }

    @Test
    void a_write_hidden_in_a_select_changes_nothing() throws SQLException {
        createWritingFunction();

        Json result = run("SELECT add_course({title}) AS added", 10, args("title", Json.of("Sneaky course")));

        assertHiddenWriteOutcome(result);
        assertThat(courseCount()).isEqualTo(5);
    }

    @Test
    void queries_with_unusable_placeholders_are_refused_before_running() {
        assertThat(errorOf(run("SELECT id FROM courses WHERE title = {title}", 10, JsonObject.EMPTY)))
                .contains("{title}", "no argument title");
        assertThat(errorOf(run("SELECT id FROM courses WHERE title LIKE '%{q}%'", 10, args("q", Json.of("AI")))))
                .contains("string literal", "CONCAT");
        assertThat(errorOf(run("SELECT id FROM courses WHERE id = ?", 10, JsonObject.EMPTY))).contains("bare ?");
        assertThat(errorOf(run("SELECT id FROM courses WHERE id = {id}", 10,
                args("id", JsonArray.of(Json.of(1)))))).contains("must be a string, number, boolean or null");
    }

    @Test
    void placeholders_in_comments_and_braces_in_literals_are_left_alone() {
        Json result = run("SELECT id, '{not a placeholder' AS note FROM courses -- filtered by {q}\n"
                + "WHERE title LIKE CONCAT({q}, '%') ORDER BY id", 10, args("q", Json.of("Web")));

        assertThat(result).isEqualTo(Json.parse("[{\"id\":5,\"note\":\"{not a placeholder\"}]"));
    }
}
