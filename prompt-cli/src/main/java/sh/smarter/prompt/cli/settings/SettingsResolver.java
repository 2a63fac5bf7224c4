package sh.smarter.prompt.cli.settings;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import sh.smarter.prompt.cli.logging.Redaction;

/**
 * Resolves every setting by precedence: a flag beats an environment variable, which beats config.yaml, which beats
 * the default. Pure: it reads only what it is given, which is what the precedence tests rely on.
 */
public final class SettingsResolver {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    private SettingsResolver() {
    }

    public static ResolvedSettings resolve(Map<Setting, String> flags, Map<String, String> environment,
                                           ConfigFile configFile, CliPaths paths) {
        Map<Setting, ResolvedSettings.Value> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            ResolvedSettings.Value value = first(
                    candidate(flags.get(setting), SettingSource.FLAG, setting.flag()),
                    candidate(environment.get(setting.environmentVariable()), SettingSource.ENVIRONMENT,
                            setting.environmentVariable()),
                    candidate(configFile.get(setting), SettingSource.CONFIG_FILE,
                            configFile.path() + " " + setting.configKey()),
                    candidate(defaultOf(setting, paths), SettingSource.DEFAULT, "the default " + setting.flag()));
            if (value != null) {
                if (setting.isSecret()) {
                    Redaction.register(value.text());
                }
                values.put(setting, value);
            }
        }
        return new ResolvedSettings(values, configFile.path());
    }

    private static ResolvedSettings.Value candidate(String text, SettingSource source, String origin) {
        return text == null || text.isBlank() ? null : new ResolvedSettings.Value(text.strip(), source, origin);
    }

    private static ResolvedSettings.Value first(ResolvedSettings.Value... candidates) {
        for (ResolvedSettings.Value candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    private static String defaultOf(Setting setting, CliPaths paths) {
        return switch (setting) {
            case DATA_DIR -> paths.dataDir().toString();
            case HOST -> DEFAULT_HOST;
            case PORT -> String.valueOf(DEFAULT_PORT);
            default -> null;
        };
    }

    /** The data directory a path setting names, relative paths taken from the working directory. */
    static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }
}
