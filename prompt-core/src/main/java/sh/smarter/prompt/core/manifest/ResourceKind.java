package sh.smarter.prompt.core.manifest;

import java.util.Locale;
import java.util.Optional;

/** The kinds of resources manifests describe. */
public enum ResourceKind {
    ACCOUNT("Account"),
    CHATBOT("Chatbot"),
    PLUGIN("Plugin"),
    SQL_PLUGIN("SqlPlugin"),
    API_PLUGIN("ApiPlugin"),
    SQL_CONNECTION("SqlConnection"),
    API_CONNECTION("ApiConnection"),
    PROVIDER("Provider");

    private final String manifestName;

    ResourceKind(String manifestName) {
        this.manifestName = manifestName;
    }

    /** The {@code kind} as written in manifests. */
    public String manifestName() {
        return manifestName;
    }

    /**
     * Reads a kind as clients write it: case-insensitive, a trailing "s" dropped, and {@code llmclient} as
     * another name for {@code chatbot}.
     */
    public static Optional<ResourceKind> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (wanted.endsWith("s") && !wanted.equals("s")) {
            wanted = wanted.substring(0, wanted.length() - 1);
        }
        if (wanted.equals("llmclient")) {
            return Optional.of(CHATBOT);
        }
        for (ResourceKind kind : values()) {
            if (kind.manifestName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
