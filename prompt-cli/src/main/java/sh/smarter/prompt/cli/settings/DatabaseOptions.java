package sh.smarter.prompt.cli.settings;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which database a command works on, and what the SQL and API plugins run on it may reach. */
public final class DatabaseOptions implements SettingFlags {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of the embedded database "
            + "(env SMARTER_PROMPT_DATA_DIR; default $XDG_DATA_HOME/smarter-prompt or ~/.local/share/smarter-prompt).")
    private String dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "The database instead of the embedded one, "
            + "e.g. jdbc:mysql://localhost:3306/prompt (env SMARTER_PROMPT_DB_URL).")
    private String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (env SMARTER_PROMPT_DB_USER).")
    private String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD",
            description = "Database password (env SMARTER_PROMPT_DB_PASSWORD, preferred: flags show in `ps`).")
    private String password;

    @Option(names = "--allow-sql-driver", paramLabel = "DRIVER", description = "A JDBC driver SQL plugins may use "
            + "besides mysql and mariadb, e.g. h2; repeatable (env SMARTER_PROMPT_ALLOW_SQL_DRIVERS, comma-separated).")
    private List<String> sqlDrivers;

    @Option(names = "--allow-api-host", paramLabel = "HOST", description = "A host API plugins may call although it "
            + "is loopback, private or link-local, e.g. 127.0.0.1; repeatable (env SMARTER_PROMPT_ALLOW_API_HOSTS).")
    private List<String> apiHosts;

    @Option(names = "--allow-secret-env", paramLabel = "NAME=HOST", description = "Lets a manifest's apiKeyEnv or "
            + "passwordEnv NAME be sent to HOST (a Provider's key must be bound to its host; OPENAI_API_KEY, "
            + "GEMINI_API_KEY and LLAMA_API_KEY are bound to their providers' hosts already); repeatable "
            + "(env SMARTER_PROMPT_ALLOW_SECRET_ENV, comma-separated).")
    private List<String> secretEnv;

    @Option(names = "--db-pool-wait", paramLabel = "DURATION", description = "How long a request waits for a "
            + "database connection before it answers 503, e.g. 2.5s (env SMARTER_PROMPT_DB_POOL_WAIT; default 2.5s,"
            + " 10s for the embedded database).")
    private String poolWait;

    @Option(names = "--db-statement-timeout", paramLabel = "DURATION", description = "How long a statement waits "
            + "for a MySQL server that stopped answering, e.g. 30s (env SMARTER_PROMPT_DB_STATEMENT_TIMEOUT; "
            + "default 30s).")
    private String statementTimeout;

    @Override
    public void addTo(Map<Setting, String> flags) {
        SettingFlags.put(flags, Setting.ALLOW_SQL_DRIVERS, sqlDrivers == null ? null : String.join(",", sqlDrivers));
        SettingFlags.put(flags, Setting.ALLOW_API_HOSTS, apiHosts == null ? null : String.join(",", apiHosts));
        SettingFlags.put(flags, Setting.ALLOW_SECRET_ENV, secretEnv == null ? null : String.join(",", secretEnv));
        SettingFlags.put(flags, Setting.DATA_DIR, dataDir);
        SettingFlags.put(flags, Setting.DB_URL, url);
        SettingFlags.put(flags, Setting.DB_USER, user);
        SettingFlags.put(flags, Setting.DB_PASSWORD, password);
        SettingFlags.put(flags, Setting.DB_POOL_WAIT, poolWait);
        SettingFlags.put(flags, Setting.DB_STATEMENT_TIMEOUT, statementTimeout);
    }
}
