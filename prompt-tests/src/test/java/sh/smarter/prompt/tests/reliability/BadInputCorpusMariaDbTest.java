package sh.smarter.prompt.tests.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.tests.persistence.MariaDbTestDatabase;

/**
 * The bad-input corpus on a MariaDB store (the MySQL path: Connector/J, the MySQL dialect, InnoDB), in a database of
 * its own on the server {@code scripts/test} starts. The dump is each table's definition and its rows in a stable
 * order; the definition leaves out the AUTO_INCREMENT counter, which InnoDB advances even for an insert that is
 * rolled back and which no user sees.
 */
class BadInputCorpusMariaDbTest extends BadInputCorpusScenarios {
    private DatabaseSettings settings;

    @Override
    DatabaseSettings database() {
        settings = MariaDbTestDatabase.createDatabase("bad_input");
        return settings;
    }

    @Override
    void dropDatabase() {
        if (settings != null) {
            MariaDbTestDatabase.dropDatabase(settings);
        }
    }

    @Override
    String dump(DataSource dataSource) throws SQLException {
        StringBuilder dump = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet names = statement.executeQuery("SHOW TABLES")) {
                while (names.next()) {
                    tables.add(names.getString(1));
                }
            }
            tables.sort(null);
            for (String table : tables) {
                try (ResultSet create = statement.executeQuery("SHOW CREATE TABLE `" + table + "`")) {
                    create.next();
                    dump.append(create.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", "").replace('\n', ' '))
                            .append('\n');
                }
                try (ResultSet rows = statement.executeQuery("SELECT * FROM `" + table + "`")) {
                    ResultSetMetaData columns = rows.getMetaData();
                    List<String> lines = new ArrayList<>();
                    while (rows.next()) {
                        StringBuilder line = new StringBuilder(table).append(':');
                        for (int i = 1; i <= columns.getColumnCount(); i++) {
                            line.append(' ').append(columns.getColumnName(i)).append('=').append(rows.getString(i));
                        }
                        lines.add(line.toString());
                    }
                    lines.sort(null);
                    lines.forEach(line -> dump.append(line).append('\n'));
                }
            }
        }
        requireSeededRows(dump);
        return dump.toString();
    }

    /** A dump with no rows at all would compare equal to anything empty: make sure it saw the seeded data. */
    private static void requireSeededRows(StringBuilder dump) {
        if (!dump.toString().contains("accounts:")) {
            throw new IllegalStateException("the dump has no accounts rows; is it reading the right database?\n"
                    + dump);
        }
    }
}
