package sh.smarter.prompt.cli.settings;

import java.util.Map;
import picocli.CommandLine.Option;

/** A running server to talk to instead of the local database. */
public final class RemoteOptions implements SettingFlags {
    @Option(names = "--server", paramLabel = "URL",
            description = "Talk to this running server, e.g. http://127.0.0.1:8080/ (env SMARTER_PROMPT_SERVER).")
    private String server;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "API key for the server, when the chatbot requires one (env SMARTER_PROMPT_API_KEY).")
    private String apiKey;

    @Override
    public void addTo(Map<Setting, String> flags) {
        SettingFlags.put(flags, Setting.SERVER_URL, server);
        SettingFlags.put(flags, Setting.SERVER_API_KEY, apiKey);
    }
}
