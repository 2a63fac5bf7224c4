package sh.smarter.prompt.cli.settings;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the CLI keeps its files, following the XDG base directory rules: an {@code XDG_*_HOME} variable wins when
 * it holds an absolute path, else the conventional directory under the home directory.
 *
 * @param configFile config.yaml
 * @param dataDir    the default data directory (the embedded database lives here)
 * @param stateDir   what the CLI remembers between runs (the last session of each chatbot)
 */
public record CliPaths(Path configFile, Path dataDir, Path stateDir) {
    public static final String APPLICATION = "smarter-prompt";

    public static CliPaths of(Map<String, String> environment, Path userHome) {
        return new CliPaths(
                base(environment, "XDG_CONFIG_HOME", userHome.resolve(".config")).resolve("config.yaml"),
                base(environment, "XDG_DATA_HOME", userHome.resolve(".local/share")),
                base(environment, "XDG_STATE_HOME", userHome.resolve(".local/state")));
    }

    private static Path base(Map<String, String> environment, String variable, Path fallback) {
        String value = environment.get(variable);
        // The XDG rules say relative paths are invalid and must be ignored.
        Path base = value != null && !value.isBlank() && Path.of(value).isAbsolute() ? Path.of(value) : fallback;
        return base.resolve(APPLICATION);
    }
}
