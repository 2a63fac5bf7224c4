package sh.smarter.prompt.cli.settings;

import java.util.Map;
import picocli.CommandLine.Option;

/** Which database a command works on. */
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

    @Override
    public void addTo(Map<Setting, String> flags) {
        SettingFlags.put(flags, Setting.DATA_DIR, dataDir);
        SettingFlags.put(flags, Setting.DB_URL, url);
        SettingFlags.put(flags, Setting.DB_USER, user);
        SettingFlags.put(flags, Setting.DB_PASSWORD, password);
    }
}
