package sh.smarter.prompt.core.prompt;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import sh.smarter.prompt.core.resource.Chatbot;

/** The system message a chatbot starts its conversations with: a date line, then its system role. */
public final class SystemRoles {
    static final String DATE_LINE_PREFIX = "The current date/time is ";
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("EEEE, yyyy-MM-dd'T'HH:mm:ssZ", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private SystemRoles() {
    }

    /** "The current date/time is Thursday, 2026-11-26T07:00:00+0000\n" + the role, with the date line once. */
    public static String withDateLine(Chatbot chatbot, Instant now) {
        String role = chatbot.defaultSystemRole();
        if (role.startsWith(DATE_LINE_PREFIX)) {
            return role;
        }
        return dateLine(now) + "\n" + role;
    }

    /** "The current date/time is Thursday, 2026-11-26T07:00:00+0000", without a line break. */
    static String dateLine(Instant now) {
        return DATE_LINE_PREFIX + DATE_TIME.format(now);
    }

    /** The system text of a turn: the conversation's system message plus each selected plugin's role. */
    static String withPluginRole(String system, String pluginRole) {
        return system + "\n\nAnd also:\n" + pluginRole;
    }
}
