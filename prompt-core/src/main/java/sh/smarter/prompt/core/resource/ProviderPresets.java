package sh.smarter.prompt.core.resource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The providers every installation knows without configuration. Their keys come from environment variables. */
public final class ProviderPresets {
    public static final String OPENAI = "openai";
    public static final String GOOGLEAI = "googleai";
    public static final String METAAI = "metaai";

    private static final Instant EPOCH = Instant.EPOCH;

    private static final List<ProviderSettings> ALL = List.of(
            new ProviderSettings(0, 0, OPENAI, "https://api.openai.com/v1/", Secret.env("OPENAI_API_KEY"),
                    "gpt-4o-mini", true, EPOCH, EPOCH),
            new ProviderSettings(0, 0, GOOGLEAI, "https://generativelanguage.googleapis.com/v1beta/openai/",
                    Secret.env("GEMINI_API_KEY"), "gemini-2.0-flash", true, EPOCH, EPOCH),
            new ProviderSettings(0, 0, METAAI, "https://api.llama.com/compat/v1/", Secret.env("LLAMA_API_KEY"),
                    "Llama-4-Maverick-17B-128E-Instruct-FP8", true, EPOCH, EPOCH));

    private ProviderPresets() {
    }

    public static List<ProviderSettings> all() {
        return ALL;
    }

    public static Optional<ProviderSettings> find(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
