package sh.smarter.prompt.tests.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.persistence.database.DatabaseSettings;

/**
 * A database of its own for one benchmark run: how {@code prompt serve} reaches it, and how big it is.
 * {@link H2} is a file database in a temp data directory; {@link MariaDb} a fresh database on the server named by
 * {@code SMARTER_TEST_MYSQL_*}. Both are removed on {@link #close()}.
 */
sealed interface BenchDatabase extends AutoCloseable permits BenchDatabase.H2, BenchDatabase.MariaDb {

    String name();

    /** What the report says about it: product, version and the settings that matter for speed. */
    String label();

    List<String> serveArguments();

    Map<String, String> serveEnvironment();

    /** H2 is measured after a compaction, which needs the file to itself: the server must be stopped. */
    boolean measuresOnlyWhenStopped();

    /** Another new, empty database of the same kind (the storage part measures on one of its own). */
    BenchDatabase fresh();

    /** The database as it is (MariaDB) or compacted (H2: {@code SHUTDOWN COMPACT}). */
    StorageSnapshot snapshot();

    /**
     * The database rebuilt compactly, where that is a separate step (MariaDB: {@code OPTIMIZE TABLE} on every
     * table, then measured); null where {@link #snapshot()} already compacts (H2).
     */
    StorageSnapshot compactedSnapshot();

    /**
     * What the database server has done since it started, where it counts that apart from the product's process
     * (MariaDB's global status); null for H2, which runs inside the server it serves.
     */
    ServerWork serverWork();

    @Override
    void close();

    /**
     * Counters of a whole database server; the difference of two readings is the work done in between (the
     * reading's own statement included, one per reading).
     *
     * @param statements    statements the server's clients sent, COMMITs included ({@code Questions})
     * @param rowsRead      rows the server read from its tables ({@code Rows_read})
     * @param bytesSent     bytes the server sent to its clients: result sets and status
     * @param bytesReceived bytes its clients sent: the statements and their parameters
     */
    record ServerWork(long statements, long rowsRead, long bytesSent, long bytesReceived) {
        ServerWork since(ServerWork earlier) {
            return new ServerWork(statements - earlier.statements, rowsRead - earlier.rowsRead,
                    bytesSent - earlier.bytesSent, bytesReceived - earlier.bytesReceived);
        }

        PerTurn per(long turns) {
            double n = turns;
            return new PerTurn(statements / n, rowsRead / n, bytesSent / n, bytesReceived / n);
        }

        /** The same counters divided by the turns they served. */
        record PerTurn(double statements, double rowsRead, double bytesSent, double bytesReceived) {
        }
    }

    /**
     * The size of the database and of its messages.
     *
     * @param databaseBytes    what the database holds: H2 the compacted file; MariaDB the pages in use (index and
     *                         off-page pages of every table, 16 KB each), as {@link TableBytes#pagesInUse()} sums
     * @param bytesByTable     per table where the database reports it (MariaDB), else empty
     * @param messages         rows of the messages table
     * @param messageJsonBytes the messages' own JSON ({@code {"role", "content", ...}}), UTF-8, summed
     */
    record StorageSnapshot(long databaseBytes, Map<String, TableBytes> bytesByTable, long messages,
                           long messageJsonBytes) {
        long allocatedBytes() {
            return bytesByTable.values().stream().mapToLong(TableBytes::allocated).sum();
        }

        long recordBytes() {
            return bytesByTable.values().stream().mapToLong(TableBytes::records).sum();
        }
    }

    /**
     * One InnoDB table, three ways.
     *
     * @param allocated  {@code data_length + index_length} after {@code ANALYZE TABLE}: every page the table's
     *                   index segments reserve, used or not (InnoDB reserves whole 1 MB extents once a segment
     *                   passes 32 pages, so a small table reads much bigger than it is)
     * @param pagesInUse the index pages and off-page (BLOB) pages of the table's tablespace, 16 KB each: what the
     *                   rows really occupy, with each page's free space (fill factor, page splits) included
     * @param records    the bytes of the records on those index pages, InnoDB's record headers and the B-tree's
     *                   node pointers included ({@code DATA_SIZE}), plus off-page pages counted whole
     */
    record TableBytes(long allocated, long pagesInUse, long records) {
        TableBytes minus(TableBytes other) {
            return other == null ? this : new TableBytes(allocated - other.allocated,
                    pagesInUse - other.pagesInUse, records - other.records);
        }
    }

    /** The embedded H2 file database, in a data directory of its own as {@code serve --data-dir} makes it. */
    final class H2 implements BenchDatabase {
        private final Path dataDirectory;
        private final String jdbcUrl;
        private final String password;

        H2(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            DatabaseSettings settings = DatabaseSettings.embeddedH2(dataDirectory);
            this.jdbcUrl = settings.jdbcUrl();
            this.password = settings.password();
        }

        static H2 inTempDirectory() {
            try {
                return new H2(Files.createTempDirectory("smarter-bench-h2"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String name() {
            return "h2";
        }

        @Override
        public String label() {
            return "H2 " + org.h2.engine.Constants.FULL_VERSION + " (embedded file, MySQL mode)";
        }

        @Override
        public List<String> serveArguments() {
            return List.of("--data-dir", dataDirectory.toString());
        }

        @Override
        public Map<String, String> serveEnvironment() {
            return Map.of();
        }

        @Override
        public boolean measuresOnlyWhenStopped() {
            return true;
        }

        @Override
        public BenchDatabase fresh() {
            return inTempDirectory();
        }

        @Override
        public StorageSnapshot compactedSnapshot() {
            return null;
        }

        @Override
        public ServerWork serverWork() {
            return null;
        }

        /** Counts the messages, then {@code SHUTDOWN COMPACT} so that the file holds only live data. */
        @Override
        public StorageSnapshot snapshot() {
            MessageTally tally;
            try (Connection connection = DriverManager.getConnection(jdbcUrl, "sa", password)) {
                tally = MessageTally.of(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SHUTDOWN COMPACT");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not measure the H2 database", e);
            }
            try {
                long bytes = Files.size(dataDirectory.resolve(DatabaseSettings.EMBEDDED_DATABASE_NAME + ".mv.db"));
                return new StorageSnapshot(bytes, Map.of(), tally.messages(), tally.jsonBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A new database on a MariaDB (or MySQL) server, dropped on close. */
    final class MariaDb implements BenchDatabase {
        private final String serverUrl;
        private final String user;
        private final String password;
        private final String database;
        private final String jdbcUrl;
        private final String label;

        MariaDb(String serverUrl, String user, String password) {
            this.serverUrl = serverUrl;
            this.user = user;
            this.password = password;
            this.database = "bench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
            // The URL's own database is replaced by the new one; its parameters stay.
            this.jdbcUrl = serverUrl.replaceFirst("^(jdbc:(?:mysql|mariadb)://[^/?]+/)[^?]*", "$1" + database);
            try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                this.label = describeServer(statement);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create a database on " + serverUrl, e);
            }
        }

        /** The server named by SMARTER_TEST_MYSQL_URL, _USER and _PASSWORD; null when the URL is not set. */
        static MariaDb fromEnvironment() {
            String url = System.getenv("SMARTER_TEST_MYSQL_URL");
            if (url == null || url.isBlank()) {
                return null;
            }
            return new MariaDb(url, System.getenv("SMARTER_TEST_MYSQL_USER"),
                    System.getenv("SMARTER_TEST_MYSQL_PASSWORD"));
        }

        private static String describeServer(Statement statement) throws SQLException {
            try (ResultSet row = statement.executeQuery("SELECT VERSION(), @@innodb_flush_log_at_trx_commit,"
                    + " @@innodb_buffer_pool_size DIV 1048576")) {
                row.next();
                return "MariaDB " + row.getString(1) + " (innodb_flush_log_at_trx_commit=" + row.getString(2)
                        + ", buffer pool " + row.getString(3) + " MB)";
            }
        }

        @Override
        public String name() {
            return "mariadb";
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public List<String> serveArguments() {
            return List.of("--db-url", jdbcUrl, "--db-user", user);
        }

        @Override
        public Map<String, String> serveEnvironment() {
            return Map.of("SMARTER_PROMPT_DB_PASSWORD", password);
        }

        @Override
        public boolean measuresOnlyWhenStopped() {
            return false;
        }

        @Override
        public BenchDatabase fresh() {
            return new MariaDb(serverUrl, user, password);
        }

        @Override
        public StorageSnapshot snapshot() {
            return measure(false);
        }

        @Override
        public StorageSnapshot compactedSnapshot() {
            return measure(true);
        }

        @Override
        public ServerWork serverWork() {
            Map<String, Long> status = new HashMap<>();
            try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN"
                         + " ('Questions', 'Rows_read', 'Bytes_sent', 'Bytes_received')")) {
                while (rows.next()) {
                    status.put(rows.getString(1).toLowerCase(Locale.ROOT), rows.getLong(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not read the global status of " + serverUrl, e);
            }
            // MySQL has no Rows_read; there its rows read as 0.
            return new ServerWork(status.getOrDefault("questions", 0L), status.getOrDefault("rows_read", 0L),
                    status.getOrDefault("bytes_sent", 0L), status.getOrDefault("bytes_received", 0L));
        }

        /**
         * Sizes per table: {@code data_length + index_length} from information_schema after {@code ANALYZE TABLE}
         * (which brings InnoDB's page counts up to date), and the pages in use with their record bytes from
         * {@code INNODB_BUFFER_PAGE}. A bench database is new and far smaller than the buffer pool, so every page
         * it has is there. Reading that table needs the PROCESS privilege; without it the pages are unknown and
         * the allocated sizes stand in for them.
         */
        private StorageSnapshot measure(boolean optimizeFirst) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                 Statement statement = connection.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.TABLES"
                        + " WHERE table_schema = DATABASE() ORDER BY table_name")) {
                    while (rows.next()) {
                        tables.add(rows.getString(1));
                    }
                }
                if (optimizeFirst) {
                    // InnoDB does OPTIMIZE as a rebuild of the table, which ends with its own ANALYZE.
                    drain(statement, "OPTIMIZE TABLE " + String.join(", ", tables));
                }
                drain(statement, "ANALYZE TABLE " + String.join(", ", tables));
                Map<String, Long> allocated = new LinkedHashMap<>();
                try (ResultSet rows = statement.executeQuery("SELECT table_name, data_length + index_length"
                        + " FROM information_schema.TABLES WHERE table_schema = DATABASE() ORDER BY table_name")) {
                    while (rows.next()) {
                        allocated.put(rows.getString(1), rows.getLong(2));
                    }
                }
                Map<String, long[]> pages = pagesInUse(statement);
                Map<String, TableBytes> bytesByTable = new LinkedHashMap<>();
                allocated.forEach((table, bytes) -> {
                    long[] used = pages == null ? null : pages.getOrDefault(table, new long[2]);
                    bytesByTable.put(table, used == null ? new TableBytes(bytes, bytes, bytes)
                            : new TableBytes(bytes, used[0], used[1]));
                });
                MessageTally tally = MessageTally.of(connection);
                long total = bytesByTable.values().stream().mapToLong(TableBytes::pagesInUse).sum();
                return new StorageSnapshot(total, bytesByTable, tally.messages(), tally.jsonBytes());
            } catch (SQLException e) {
                throw new IllegalStateException("could not measure the MariaDB database", e);
            }
        }

        /** Table name to {pages in use x page size, record bytes}; null when INNODB_BUFFER_PAGE is not readable. */
        private Map<String, long[]> pagesInUse(Statement statement) {
            String query = "SELECT SUBSTRING(t.NAME, LOCATE('/', t.NAME) + 1),"
                    + " COUNT(*) * @@innodb_page_size,"
                    + " SUM(CASE WHEN b.PAGE_TYPE = 'INDEX' THEN b.DATA_SIZE ELSE @@innodb_page_size END)"
                    + " FROM information_schema.INNODB_BUFFER_PAGE b"
                    + " JOIN information_schema.INNODB_SYS_TABLESPACES t ON t.SPACE = b.SPACE"
                    + " WHERE t.NAME LIKE CONCAT(DATABASE(), '/%') AND b.PAGE_TYPE IN ('INDEX', 'BLOB')"
                    + " GROUP BY t.NAME";
            Map<String, long[]> pages = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery(query)) {
                while (rows.next()) {
                    pages.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3)});
                }
                return pages;
            } catch (SQLException e) {
                BenchLog.progress("MariaDB pages in use unknown (%s); counting allocated sizes instead",
                        e.getMessage());
                return null;
            }
        }

        /** Runs a statement that answers with a result set (ANALYZE, OPTIMIZE) and reads it to the end. */
        private static void drain(Statement statement, String sql) throws SQLException {
            if (statement.execute(sql)) {
                try (ResultSet rows = statement.getResultSet()) {
                    while (rows.next()) {
                        String type = rows.getString(3);
                        if ("error".equalsIgnoreCase(type)) {
                            throw new SQLException(sql + ": " + rows.getString(4));
                        }
                    }
                }
            }
        }

        @Override
        public void close() {
            try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database);
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop " + database, e);
            }
        }
    }

    /** The messages table's row count and the summed size of each message's own JSON. */
    record MessageTally(long messages, long jsonBytes) {
        static MessageTally of(Connection connection) throws SQLException {
            long count = 0;
            long bytes = 0;
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT role, content, tool_calls, tool_call_id, name FROM messages")) {
                while (rows.next()) {
                    count++;
                    bytes += ownJson(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5)).getBytes(StandardCharsets.UTF_8).length;
                }
            }
            return new MessageTally(count, bytes);
        }

        /** A message as a chat API carries it: role and content, and the tool fields only when it has them. */
        private static String ownJson(String role, String content, String toolCalls, String toolCallId,
                                      String name) {
            JsonObject.Builder message = JsonObject.builder().put("role", role).put("content", content);
            if (toolCalls != null) {
                message.put("tool_calls", Json.parse(toolCalls));
            }
            message.putIfNotNull("tool_call_id", toolCallId);
            message.putIfNotNull("name", name);
            return message.build().toJson();
        }
    }
}
