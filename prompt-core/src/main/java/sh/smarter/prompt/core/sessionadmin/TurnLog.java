package sh.smarter.prompt.core.sessionadmin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.TokenUsage;

/**
 * One stored prompt turn as an administrator reads it in a log: when, in which session, what the user wrote, what
 * came back (the answer, or the error the turn ended with), which tools ran and what it cost in tokens.
 */
public record TurnLog(String turnId, Instant at, String chatbot, SessionKey sessionKey, String userText,
                      String answer, String error, List<String> tools, TokenUsage usage) {
    /** Texts longer than this are cut in {@link #line()}: a log line, not a transcript. */
    static final int MAX_TEXT = 160;

    public TurnLog {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(sessionKey, "sessionKey");
        tools = tools == null ? List.of() : List.copyOf(tools);
        usage = usage == null ? TokenUsage.NONE : usage;
    }

    /**
     * {@code 2026-11-26T07:00:00Z example 9f86d081...(64 hex) user: "What is 6*7?" → answer: "42" | tools: calculator |
     * tokens: 20 prompt + 5 completion = 25}; an error turn says {@code → error: ...} instead of the answer.
     */
    public String line() {
        StringBuilder line = new StringBuilder()
                .append(at.truncatedTo(ChronoUnit.SECONDS)).append(' ')
                .append(chatbot).append(' ')
                .append(sessionKey.value())
                .append(" user: ").append(quoted(userText));
        if (error != null) {
            line.append(" → error: ").append(quoted(error));
        } else {
            line.append(" → answer: ").append(quoted(answer));
        }
        line.append(" | tools: ").append(tools.isEmpty() ? "none" : String.join(", ", tools));
        line.append(" | tokens: ").append(usage.promptTokens()).append(" prompt + ")
                .append(usage.completionTokens()).append(" completion = ").append(usage.totalTokens());
        return line.toString();
    }

    private static String quoted(String text) {
        if (text == null) {
            return "-";
        }
        String flat = text.replaceAll("\\s+", " ").strip();
        return "\"" + (flat.length() <= MAX_TEXT ? flat : flat.substring(0, MAX_TEXT) + "…") + "\"";
    }
}
