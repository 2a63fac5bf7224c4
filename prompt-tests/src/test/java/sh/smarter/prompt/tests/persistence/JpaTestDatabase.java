package sh.smarter.prompt.tests.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.JpaPersistence;

/**
 * One database for one test class, on H2 or on the MariaDB test server: migrated and opened on first use, emptied
 * between tests, closed (and on MariaDB dropped) at the end. Plain JDBC helpers let tests check rows directly.
 */
public final class JpaTestDatabase implements AutoCloseable {
    private final Supplier<DatabaseSettings> create;
    private final boolean mariaDb;
    private DatabaseSettings settings;
    private JpaPersistence persistence;

    private JpaTestDatabase(Supplier<DatabaseSettings> create, boolean mariaDb) {
        this.create = create;
        this.mariaDb = mariaDb;
    }

    /** A private in-memory H2 database in MySQL mode. */
    public static JpaTestDatabase h2() {
        return new JpaTestDatabase(() -> DatabaseSettings.inMemoryH2("test-" + UUID.randomUUID()), false);
    }

    /** A new database on the MariaDB test server (skipped, or failed when CI=true, if there is none). */
    public static JpaTestDatabase mariaDb(String prefix) {
        return new JpaTestDatabase(() -> MariaDbTestDatabase.createDatabase(prefix), true);
    }

    public boolean isMariaDb() {
        return mariaDb;
    }

    /** The database's settings; creates the database (but does not migrate it) on first use. */
    public synchronized DatabaseSettings settings() {
        if (settings == null) {
            settings = create.get();
        }
        return settings;
    }

    /** The opened, migrated database. */
    public synchronized JpaPersistence persistence() {
        if (persistence == null) {
            persistence = JpaPersistence.open(settings(), Clock.systemUTC());
        }
        return persistence;
    }

    /** The opened database after deleting every row of every table but Flyway's history. */
    public JpaPersistence emptied() {
        JpaPersistence opened = persistence();
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            statement.execute(mariaDb ? "SET FOREIGN_KEY_CHECKS = 0" : "SET REFERENTIAL_INTEGRITY FALSE");
            for (String table : tables(connection)) {
                statement.executeUpdate("DELETE FROM " + table);
            }
            statement.execute(mariaDb ? "SET FOREIGN_KEY_CHECKS = 1" : "SET REFERENTIAL_INTEGRITY TRUE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the test database", e);
        }
        return opened;
    }

    /** A new plain JDBC connection (auto-commit) to the database. */
    public Connection connection() throws SQLException {
        DatabaseSettings s = settings();
        return DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password());
    }

    /** {@code SELECT COUNT(*) FROM table WHERE condition}, with the arguments bound to the condition's '?'. */
    public long count(String table, String condition, Object... arguments) {
        String sql = "SELECT COUNT(*) FROM " + table + (condition.isBlank() ? "" : " WHERE " + condition);
        try (Connection connection = connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                statement.setObject(i + 1, arguments[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql, e);
        }
    }

    /** Runs statements over one plain connection, in order. */
    public void execute(String... statements) {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run the statements", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (persistence != null) {
                persistence.close();
            }
        } finally {
            persistence = null;
            if (mariaDb && settings != null) {
                MariaDbTestDatabase.dropDatabase(settings);
            }
            settings = null;
        }
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = connection.getMetaData().getTables(connection.getCatalog(), connection.getSchema(), "%",
                new String[] {"TABLE", "BASE TABLE"})) {
            while (rows.next()) {
                String name = rows.getString("TABLE_NAME");
                if (!name.equalsIgnoreCase("flyway_schema_history")) {
                    tables.add(name);
                }
            }
        }
        return tables;
    }
}
