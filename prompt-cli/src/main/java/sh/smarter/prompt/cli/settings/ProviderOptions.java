package sh.smarter.prompt.cli.settings;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Keys and base URLs of the built-in providers. The environment variables are the usual way; the flags exist for
 * one-off runs (they show in the process list).
 */
public final class ProviderOptions implements SettingFlags {
    @Option(names = "--openai-api-key", paramLabel = "KEY", description = "OpenAI API key (env OPENAI_API_KEY).")
    private String openAiKey;

    @Option(names = "--openai-base-url", paramLabel = "URL",
            description = "Replaces https://api.openai.com/v1/ for the openai provider (env OPENAI_BASE_URL).")
    private String openAiBaseUrl;

    @Option(names = "--gemini-api-key", paramLabel = "KEY",
            description = "Gemini API key of the googleai provider (env GEMINI_API_KEY).")
    private String geminiKey;

    @Option(names = "--gemini-base-url", paramLabel = "URL",
            description = "Replaces the googleai provider's base URL (env GEMINI_BASE_URL).")
    private String geminiBaseUrl;

    @Option(names = "--llama-api-key", paramLabel = "KEY",
            description = "Llama API key of the metaai provider (env LLAMA_API_KEY).")
    private String llamaKey;

    @Option(names = "--llama-base-url", paramLabel = "URL",
            description = "Replaces the metaai provider's base URL (env LLAMA_BASE_URL).")
    private String llamaBaseUrl;

    @Override
    public void addTo(Map<Setting, String> flags) {
        SettingFlags.put(flags, Setting.OPENAI_API_KEY, openAiKey);
        SettingFlags.put(flags, Setting.OPENAI_BASE_URL, openAiBaseUrl);
        SettingFlags.put(flags, Setting.GEMINI_API_KEY, geminiKey);
        SettingFlags.put(flags, Setting.GEMINI_BASE_URL, geminiBaseUrl);
        SettingFlags.put(flags, Setting.LLAMA_API_KEY, llamaKey);
        SettingFlags.put(flags, Setting.LLAMA_BASE_URL, llamaBaseUrl);
    }
}
