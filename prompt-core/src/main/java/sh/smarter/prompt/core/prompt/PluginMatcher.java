package sh.smarter.prompt.core.prompt;

import java.util.Locale;
import java.util.Optional;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginSelector;

/** Decides whether a plugin takes part in a turn, and says why. */
public final class PluginMatcher {
    private PluginMatcher() {
    }

    /** The reason the plugin is selected for this input, or empty when it is not. */
    public static Optional<String> reasonSelected(Plugin plugin, String input) {
        PluginSelector selector = plugin.selector();
        if (selector instanceof PluginSelector.Always) {
            return Optional.of("always");
        }
        String text = normalise(input);
        for (String term : ((PluginSelector.SearchTerms) selector).terms()) {
            String wanted = normalise(term).strip();
            if (!wanted.isEmpty() && text.contains(wanted)) {
                return Optional.of("search term '" + term + "'");
            }
        }
        return Optional.empty();
    }

    /**
     * Lower case, punctuation turned into single spaces. "What's the COURSE-catalogue?" becomes
     * "what s the course catalogue ", so both "course catalogue" and "catalog" match it.
     */
    static String normalise(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append(' ');
        boolean space = true;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                out.appendCodePoint(cp);
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        if (!space) {
            out.append(' ');
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
