package sh.smarter.prompt.http.chatbot;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML text at the edge of the React component, which both sends and renders HTML: it posts the contenteditable's
 * innerHTML as the user's message and renders every message content with dangerouslySetInnerHTML.
 */
public final class HtmlText {
    /** The entities a contenteditable produces for typed text (ui-chat 0.3.0 strips tags but keeps these). */
    private static final Map<String, String> ENTITIES = Map.of(
            "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", "\"", "&#39;", "'", "&#x27;", "'", "&nbsp;", " ");
    private static final int LONGEST_ENTITY = 6;
    /** What ui-chat makes of a markdown link before it shows it, and sends back with the thread. */
    private static final Pattern LINK = Pattern.compile("<a\\s+href=\"([^\"]*)\"[^>]*>(.*?)</a>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private HtmlText() {
    }

    /** Makes text render literally, so model output or plugin data can never inject markup or script. */
    public static String escape(String text) {
        return escape(text, false);
    }

    /** Like {@link #escape(String)}, and safe inside a quoted attribute too. */
    public static String escapeAttribute(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean quotes) {
        if (text == null) {
            return null;
        }
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first), quotes)) {
            first++;
        }
        if (first == text.length()) {
            // Most messages hold nothing to escape: the text itself, not a copy built char by char.
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(quotes ? "&quot;" : "\"");
                case '\'' -> out.append(quotes ? "&#39;" : "'");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c, boolean quotes) {
        return c == '&' || c == '<' || c == '>' || (quotes && (c == '"' || c == '\''));
    }

    /**
     * Turns the typed text back into what the user typed, in one pass so "&amp;lt;" becomes "&lt;" and not "<".
     * A non-breaking space becomes a plain one: browsers insert them for repeated spaces.
     */
    public static String unescape(String html) {
        if (html == null || html.indexOf('&') < 0) {
            return html;
        }
        StringBuilder out = new StringBuilder(html.length());
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            int semicolon = c == '&' ? html.indexOf(';', i) : -1;
            String replacement = semicolon > i && semicolon - i <= LONGEST_ENTITY
                    ? ENTITIES.get(html.substring(i, semicolon + 1)) : null;
            if (replacement == null) {
                out.append(c);
                i++;
            } else {
                out.append(replacement);
                i = semicolon + 1;
            }
        }
        return out.toString();
    }

    /** Turns the component's {@code <a href="url">text</a>} back into the markdown {@code [text](url)} it came from. */
    public static String linksToMarkdown(String html) {
        if (html == null || html.indexOf('<') < 0) {
            return html;
        }
        Matcher m = LINK.matcher(html);
        StringBuilder out = new StringBuilder(html.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("[" + m.group(2) + "](" + m.group(1) + ")"));
        }
        return m.appendTail(out).toString();
    }
}
