package sh.smarter.prompt.cli.settings;

import java.util.Map;
import picocli.CommandLine.Option;

/** How many requests a minute {@code serve} takes from one caller before answering 429. */
public final class RateLimitOptions implements SettingFlags {
    @Option(names = "--rate-limit-per-address", paramLabel = "N", description = "Requests a minute one client "
            + "address may send to the chatbot endpoints, and to the native and CLI APIs without an API key; 0 for no "
            + "limit (env SMARTER_PROMPT_RATE_LIMIT_PER_ADDRESS; default 120).")
    private String perAddress;

    @Option(names = "--rate-limit-per-session", paramLabel = "N", description = "Prompts a minute to one session; "
            + "0 for no limit (env SMARTER_PROMPT_RATE_LIMIT_PER_SESSION; default 20).")
    private String perSession;

    @Option(names = "--rate-limit-per-key", paramLabel = "N", description = "Requests a minute one API key may send "
            + "to the native and CLI APIs; 0 for no limit (env SMARTER_PROMPT_RATE_LIMIT_PER_KEY; default 240).")
    private String perKey;

    @Override
    public void addTo(Map<Setting, String> flags) {
        SettingFlags.put(flags, Setting.RATE_LIMIT_PER_ADDRESS, perAddress);
        SettingFlags.put(flags, Setting.RATE_LIMIT_PER_SESSION, perSession);
        SettingFlags.put(flags, Setting.RATE_LIMIT_PER_KEY, perKey);
    }
}
