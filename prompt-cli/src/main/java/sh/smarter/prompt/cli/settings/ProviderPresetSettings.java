package sh.smarter.prompt.cli.settings;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import sh.smarter.prompt.core.resource.ProviderPresets;

/** Which settings carry the key and the base URL of each built-in provider. */
public enum ProviderPresetSettings {
    OPENAI(ProviderPresets.OPENAI, Setting.OPENAI_API_KEY, Setting.OPENAI_BASE_URL),
    GOOGLEAI(ProviderPresets.GOOGLEAI, Setting.GEMINI_API_KEY, Setting.GEMINI_BASE_URL),
    METAAI(ProviderPresets.METAAI, Setting.LLAMA_API_KEY, Setting.LLAMA_BASE_URL);

    private final String preset;
    private final Setting apiKey;
    private final Setting baseUrl;

    ProviderPresetSettings(String preset, Setting apiKey, Setting baseUrl) {
        this.preset = preset;
        this.apiKey = apiKey;
        this.baseUrl = baseUrl;
    }

    public String preset() {
        return preset;
    }

    public Setting apiKey() {
        return apiKey;
    }

    /** The base URLs that replace the presets' own, by preset name. */
    public static Map<String, String> baseUrlOverrides(ResolvedSettings settings) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (ProviderPresetSettings preset : values()) {
            settings.baseUrl(preset.baseUrl).ifPresent(url -> overrides.put(preset.preset, url));
        }
        return overrides;
    }

    /**
     * The environment as the provider adapters should see it: the presets read their keys from variables
     * ({@code OPENAI_API_KEY}, ...), so a key given as a flag or in config.yaml is served under that variable's name.
     * Every other variable (a Provider manifest's {@code apiKeyEnv}) comes from the real environment.
     */
    public static Function<String, String> environment(ResolvedSettings settings, Map<String, String> environment) {
        return name -> Arrays.stream(values())
                .filter(preset -> preset.apiKey.environmentVariable().equals(name))
                .findFirst()
                .flatMap(preset -> settings.value(preset.apiKey))
                .orElseGet(() -> environment.get(name));
    }
}
