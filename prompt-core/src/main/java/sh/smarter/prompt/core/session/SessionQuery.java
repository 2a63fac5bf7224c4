package sh.smarter.prompt.core.session;

import sh.smarter.prompt.core.error.PromptException;

/**
 * A page request over one chatbot's sessions, most recently updated first ({@code ascending} reverses that).
 * {@code cursor} is an opaque value taken from the previous page, or null for the first page.
 */
public record SessionQuery(long chatbotId, String cursor, int limit, boolean ascending) {
    public static final int MAX_LIMIT = 500;

    public SessionQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw PromptException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static SessionQuery firstPage(long chatbotId, int limit) {
        return new SessionQuery(chatbotId, null, limit, false);
    }
}
