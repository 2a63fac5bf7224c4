package sh.smarter.prompt.cli.logging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import sh.smarter.prompt.core.resource.Secret;

/**
 * Keeps secrets out of everything the CLI prints and logs: the values it knows to be secret (the database password,
 * provider keys) and anything shaped like a key, a bearer token or a password parameter. Process-wide on purpose:
 * logback is too, and a log line from any library must pass through the same filter.
 */
public final class Redaction {
    private static final Set<String> KNOWN_SECRETS = ConcurrentHashMap.newKeySet();
    /** Smarter Prompt API keys, OpenAI-style keys, Google API keys. */
    private static final Pattern KEY_SHAPES = Pattern.compile("\\b(spk_|sk-|AIza)[A-Za-z0-9_\\-]{8,}");
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(Token|Bearer)\\s+[A-Za-z0-9_.\\-~+/=]{8,}");
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)\\b(password|pwd|api[_-]?key|secret)=[^&;\\s]+");
    /** The password in a URL's user-info part: {@code jdbc:mysql://user:password@host/db}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(//[^/:@?\\s]+):[^@/?\\s]*@");
    /** Secrets shorter than this are too likely to occur in ordinary text to be replaced everywhere. */
    private static final int MIN_KNOWN_SECRET = 6;

    private Redaction() {
    }

    /** A value that must never be shown, such as the database password read from the settings. */
    public static void register(String secret) {
        if (secret != null && secret.length() >= MIN_KNOWN_SECRET) {
            KNOWN_SECRETS.add(secret);
        }
    }

    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String scrubbed = text;
        for (String secret : KNOWN_SECRETS) {
            scrubbed = scrubbed.replace(secret, Secret.mask(secret));
        }
        // Each pattern runs only on text holding the literal it cannot match without: a regex tried at every
        // position of every log line cost more than the rest of logging.
        if (scrubbed.contains("sk-") || scrubbed.contains("spk_") || scrubbed.contains("AIza")) {
            scrubbed = KEY_SHAPES.matcher(scrubbed).replaceAll(match -> match.group(1) + "****");
        }
        if (containsIgnoringCase(scrubbed, "token") || containsIgnoringCase(scrubbed, "bearer")) {
            scrubbed = AUTHORIZATION.matcher(scrubbed).replaceAll("$1 ****");
        }
        if (scrubbed.indexOf('@') >= 0 && scrubbed.contains("//")) {
            scrubbed = URL_PASSWORD.matcher(scrubbed).replaceAll("$1:****@");
        }
        return scrubbed.indexOf('=') < 0 ? scrubbed : PASSWORD_PARAMETER.matcher(scrubbed).replaceAll("$1=****");
    }

    /** {@code word} is ASCII, so a case-insensitive region match finds it as {@code (?i)} does. */
    private static boolean containsIgnoringCase(String text, String word) {
        char first = word.charAt(0);
        char firstUpper = Character.toUpperCase(first);
        for (int i = text.length() - word.length(); i >= 0; i--) {
            char c = text.charAt(i);
            if ((c == first || c == firstUpper) && text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }
}
