package sh.smarter.prompt.core.prompt;

import java.time.Instant;

/**
 * The system text as sent to the model on a turn: its date line says the time of this turn, not the time the
 * session began (which is what the stored first system message keeps). A system text without a date line gets one.
 */
final class CurrentDateLine {
    private CurrentDateLine() {
    }

    static String on(String systemText, Instant now) {
        String today = SystemRoles.dateLine(now);
        if (systemText == null || systemText.isEmpty()) {
            return today;
        }
        if (!systemText.startsWith(SystemRoles.DATE_LINE_PREFIX)) {
            return today + "\n" + systemText;
        }
        int end = systemText.indexOf('\n');
        return end < 0 ? today : today + systemText.substring(end);
    }
}
