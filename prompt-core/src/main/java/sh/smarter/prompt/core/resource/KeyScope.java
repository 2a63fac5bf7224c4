package sh.smarter.prompt.core.resource;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import sh.smarter.prompt.core.error.PromptException;

/**
 * What an API key may do in its account. {@code chat}: prompts and the sessions the key itself started.
 * {@code admin}: everything the account can do — manifests (chatbots, plugins, connections, providers), deletes,
 * every session of the account's chatbots. Keys made before scopes existed are {@code admin}.
 */
public enum KeyScope {
    CHAT, ADMIN;

    /** The lowercase name used in manifests, the database and on the command line. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static KeyScope parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (KeyScope scope : values()) {
            if (scope.wireName().equals(t)) {
                return scope;
            }
        }
        throw PromptException.invalid("scope must be one of " + Arrays.stream(values()).map(KeyScope::wireName)
                .collect(Collectors.joining(", ")));
    }
}
