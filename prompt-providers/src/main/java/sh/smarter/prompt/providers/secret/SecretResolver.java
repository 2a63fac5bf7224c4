package sh.smarter.prompt.providers.secret;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import sh.smarter.prompt.core.resource.Secret;

/**
 * Turns a {@link Secret} into its clear value at the moment it is needed. Environment variables are read through
 * an injectable lookup (System::getenv by default) so that tests and embedding programs can supply keys.
 */
public final class SecretResolver {
    private final Function<String, String> environment;

    public SecretResolver(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    public static SecretResolver fromSystemEnvironment() {
        return new SecretResolver(System::getenv);
    }

    /** The clear value, or empty when there is none (no secret, or an unset/blank variable). */
    public Optional<String> resolve(Secret secret) {
        if (secret instanceof Secret.Value value) {
            return Optional.of(value.clear());
        }
        if (secret instanceof Secret.FromEnvironment fromEnvironment) {
            String clear = environment.apply(fromEnvironment.variable());
            return clear == null || clear.isBlank() ? Optional.empty() : Optional.of(clear.strip());
        }
        return Optional.empty();
    }

    /** What a user must do to provide the secret, for error messages ("set OPENAI_API_KEY"). */
    public static String howToProvide(Secret secret) {
        if (secret instanceof Secret.FromEnvironment fromEnvironment) {
            return "set " + fromEnvironment.variable();
        }
        return "configure one";
    }

    /** Replaces every occurrence of the clear secret in a text by its mask, for messages and logs. */
    public static String scrub(String text, String clear) {
        if (text == null || clear == null || clear.length() < 4) {
            return text;
        }
        return text.replace(clear, Secret.mask(clear));
    }
}
