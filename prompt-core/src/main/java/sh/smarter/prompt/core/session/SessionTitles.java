package sh.smarter.prompt.core.session;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * Session titles are short labels; a longer text is cut, never refused. The cut falls between two user-perceived
 * characters, so a title never ends in half an emoji (a lone surrogate) or a letter torn from its accent.
 */
public final class SessionTitles {
    private static final String ELLIPSIS = "…";

    private SessionTitles() {
    }

    /** {@code text} if it has at most {@code maxLength} chars, else its longest prefix that ends on a character. */
    public static String clip(String text, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, got " + maxLength);
        }
        if (text == null || text.length() <= maxLength) {
            return text;
        }
        BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
        characters.setText(text);
        int end = characters.isBoundary(maxLength) ? maxLength : characters.preceding(maxLength);
        if (end <= 0) {
            // One "character" longer than the limit (a letter under hundreds of marks): cut it, but not a pair.
            end = Character.isHighSurrogate(text.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
        }
        return text.substring(0, end);
    }

    /** Like {@link #clip}, with "…" as the last of the {@code maxLength} chars when something was cut. */
    public static String clipWithEllipsis(String text, int maxLength) {
        if (text == null || text.length() <= maxLength) {
            return text;
        }
        return clip(text, maxLength - ELLIPSIS.length()) + ELLIPSIS;
    }
}
