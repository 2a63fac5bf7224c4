package sh.smarter.prompt.persistence.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.smarter.prompt.core.error.PromptException;

/**
 * Where the database is and how to reach it. The password is never printed: {@link #toString()} masks it.
 *
 * @param jdbcUrl           {@code jdbc:h2:...} or {@code jdbc:mysql://...} (MySQL 8, MariaDB 10.11+)
 * @param user              may be null for H2
 * @param password          may be null
 * @param poolSize          the most connections the pool opens
 * @param connectionTimeout how long a caller waits for a connection before the store reports the database as
 *                          unavailable; short, so that an outage becomes a quick 503 instead of a hang
 */
public record DatabaseSettings(String jdbcUrl, String user, String password, int poolSize,
                               Duration connectionTimeout) {
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofMillis(2_500);
    /**
     * The embedded file database has no network to lose: a caller waiting for one of its connections is queued
     * behind other turns, not facing an outage. It waits longer before giving up than the quick 503 a networked
     * database gets (with 2.5 s, a burst of 1,000 prompts at once lost a tenth of them in bench/run).
     */
    public static final Duration EMBEDDED_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long a statement waits for a MySQL server that stopped answering (Connector/J's socketTimeout): long
     * enough for a pruning batch, short enough that a frozen server frees the request thread.
     */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SOCKET_TIMEOUT = Pattern.compile("(?i)([?&])socketTimeout=([^&]*)");

    /** The file name (without H2's ".mv.db") of the embedded database inside its data directory. */
    public static final String EMBEDDED_DATABASE_NAME = "smarter-prompt";

    /**
     * H2 speaks MySQL here so that one set of migrations serves both. Lower-case identifiers match what MySQL
     * reports, and a short lock timeout turns a stuck writer into a retry instead of a hang. WRITE_DELAY=0 writes
     * each commit to the file at once: with H2's default (500 ms) a killed server loses the turns committed in its
     * last half second (CrashRecoveryTest shows it). QUERY_CACHE_SIZE keeps every statement of a turn parsed: with
     * H2's default of 8 per connection the turn's statements pushed each other out and were parsed again each turn.
     */
    private static final String H2_OPTIONS = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE"
            + ";LOCK_TIMEOUT=5000;WRITE_DELAY=0;QUERY_CACHE_SIZE=128";

    /**
     * What a MySQL connection needs unless the URL says otherwise: utf8mb4 both ways (emoji and other 4-byte
     * characters), multi-row INSERTs for batches, several writes in one text, cached client-side statements, and
     * timeouts so a lost server never blocks a request for long.
     */
    private static final Map<String, String> MYSQL_DEFAULTS = mysqlDefaults();

    public DatabaseSettings {
        if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.startsWith("jdbc:mysql:")
                || jdbcUrl.startsWith("jdbc:mariadb:"))) {
            throw PromptException.invalid("the database URL must start with jdbc:h2: or jdbc:mysql:");
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:")) {
            // Only MySQL Connector/J is on the class path; it speaks to MariaDB as well.
            jdbcUrl = "jdbc:mysql:" + jdbcUrl.substring("jdbc:mariadb:".length());
        }
        if (poolSize < 1) {
            throw PromptException.invalid("the connection pool needs at least 1 connection");
        }
        connectionTimeout = connectionTimeout == null ? DEFAULT_CONNECTION_TIMEOUT : connectionTimeout;
        if (connectionTimeout.toMillis() < 250) {
            throw PromptException.invalid("the connection timeout must be at least 250 ms");
        }
    }

    /**
     * The embedded default: an H2 file database in {@code dataDirectory}, which is created if it does not exist.
     * The database itself is created and migrated on first use. Its password is generated once and kept in the
     * directory, readable by its owner only (an older directory's passwordless database gets it on this call).
     */
    public static DatabaseSettings embeddedH2(Path dataDirectory) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory, e);
        }
        // AUTO_SERVER lets a second local process (the CLI while `serve` runs) open the same file: the first one
        // serves it on a loopback port announced in the lock file.
        String url = "jdbc:h2:file:" + directory.resolve(EMBEDDED_DATABASE_NAME) + H2_OPTIONS + ";AUTO_SERVER=TRUE";
        return new DatabaseSettings(url, "sa", EmbeddedPassword.of(directory, url, "sa"), DEFAULT_POOL_SIZE,
                EMBEDDED_CONNECTION_TIMEOUT);
    }

    /** A private H2 database that lives as long as the process, for tests and throw-away embedding. */
    public static DatabaseSettings inMemoryH2(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,100}")) {
            throw PromptException.invalid("an in-memory database name is 1 to 100 letters, digits, _ or -");
        }
        // DB_CLOSE_DELAY=-1 keeps the database while the pool briefly holds no connection.
        String url = "jdbc:h2:mem:" + name + H2_OPTIONS + ";DB_CLOSE_DELAY=-1";
        return new DatabaseSettings(url, "sa", "", DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
    }

    /**
     * A MySQL or MariaDB database. Connection properties the URL leaves out are completed with the ones this store
     * relies on (utf8mb4, batched inserts, timeouts); properties in the URL win.
     */
    public static DatabaseSettings mysql(String jdbcUrl, String user, String password) {
        return new DatabaseSettings(withMysqlDefaults(jdbcUrl), user, password, DEFAULT_POOL_SIZE,
                DEFAULT_CONNECTION_TIMEOUT);
    }

    /** Settings for any supported URL: MySQL URLs get the defaults of {@link #mysql}. */
    public static DatabaseSettings of(String jdbcUrl, String user, String password) {
        if (jdbcUrl != null && (jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:"))) {
            return mysql(jdbcUrl, user, password);
        }
        return new DatabaseSettings(jdbcUrl, user, password, DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
    }

    public DatabaseSettings withPoolSize(int size) {
        return new DatabaseSettings(jdbcUrl, user, password, size, connectionTimeout);
    }

    public DatabaseSettings withConnectionTimeout(Duration timeout) {
        return new DatabaseSettings(jdbcUrl, user, password, poolSize, timeout);
    }

    /**
     * How long one statement may wait for a MySQL server that stopped answering before the request fails; the
     * {@code socketTimeout} property of the URL. H2 runs in this process (or on this machine) and has none: unchanged.
     */
    public DatabaseSettings withStatementTimeout(Duration timeout) {
        if (timeout == null || timeout.toMillis() < 1_000) {
            throw PromptException.invalid("the statement timeout must be at least 1 s");
        }
        if (!isMysql()) {
            return this;
        }
        String millis = String.valueOf(timeout.toMillis());
        Matcher present = SOCKET_TIMEOUT.matcher(jdbcUrl);
        String url = present.find() ? present.replaceFirst("$1socketTimeout=" + millis)
                : jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "socketTimeout=" + millis;
        return new DatabaseSettings(url, user, password, poolSize, connectionTimeout);
    }

    /** The statement timeout of a MySQL URL ({@code socketTimeout}); empty for H2 or when the URL sets none. */
    public Optional<Duration> statementTimeout() {
        Matcher present = SOCKET_TIMEOUT.matcher(jdbcUrl);
        if (!isMysql() || !present.find()) {
            return Optional.empty();
        }
        try {
            long millis = Long.parseLong(present.group(2).strip());
            return millis > 0 ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    public boolean isMysql() {
        return jdbcUrl.startsWith("jdbc:mysql:");
    }

    static String withMysqlDefaults(String jdbcUrl) {
        if (jdbcUrl == null) {
            throw PromptException.invalid("the database URL is missing");
        }
        String url = jdbcUrl.startsWith("jdbc:mariadb:")
                ? "jdbc:mysql:" + jdbcUrl.substring("jdbc:mariadb:".length()) : jdbcUrl;
        int query = url.indexOf('?');
        String present = query < 0 ? "" : url.substring(query + 1);
        StringBuilder completed = new StringBuilder(url);
        char separator = query < 0 ? '?' : (present.isEmpty() || present.endsWith("&") ? 0 : '&');
        for (Map.Entry<String, String> option : MYSQL_DEFAULTS.entrySet()) {
            if (!hasOption(present, option.getKey())) {
                if (separator != 0) {
                    completed.append(separator);
                }
                completed.append(option.getKey()).append('=').append(option.getValue());
                separator = '&';
            }
        }
        return completed.toString();
    }

    private static boolean hasOption(String query, String name) {
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> mysqlDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("characterEncoding", "UTF-8");
        defaults.put("connectionCollation", "utf8mb4_bin");
        defaults.put("rewriteBatchedStatements", "true");
        // An append sends its inserts and its token update as one text: one round trip, not three (the store
        // finds out on opening whether the server takes several statements in one text, so a URL may turn it off).
        // Every value the store sends is bound, never spliced into SQL; the SQL plugin's own connections refuse
        // this option (SqlTargetRules).
        defaults.put("allowMultiQueries", "true");
        defaults.put("cachePrepStmts", "true");
        defaults.put("prepStmtCacheSize", "250");
        defaults.put("prepStmtCacheSqlLimit", "2048");
        defaults.put("useLocalSessionState", "true");
        defaults.put("connectTimeout", "3000");
        defaults.put("socketTimeout", String.valueOf(DEFAULT_STATEMENT_TIMEOUT.toMillis()));
        defaults.put("tcpKeepAlive", "true");
        return defaults;
    }

    @Override
    public String toString() {
        return "DatabaseSettings[jdbcUrl=" + maskUrlSecrets(jdbcUrl) + ", user=" + user + ", password="
                + (password == null || password.isEmpty() ? "(none)" : "****") + ", poolSize=" + poolSize
                + ", connectionTimeout=" + connectionTimeout + "]";
    }

    /** A URL may carry a password too ({@code password=...} or {@code user:password@host}); never print it. */
    static String maskUrlSecrets(String url) {
        return url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=****")
                .replaceAll("(//[^/:@?]+):[^@/?]*@", "$1:****@");
    }
}
