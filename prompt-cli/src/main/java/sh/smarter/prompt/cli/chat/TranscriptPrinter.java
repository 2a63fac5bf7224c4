package sh.smarter.prompt.cli.chat;

import java.io.PrintWriter;
import sh.smarter.prompt.cli.output.Styles;
import sh.smarter.prompt.core.session.Role;

/**
 * Shows a turn as it happens. The answer goes to stdout, streamed as it arrives; status lines (configuration,
 * tools, token charges) and tool results go to stderr, dimmed and prefixed, so that
 * {@code prompt chat bot -m "..." > answer.txt} keeps the answer alone. Errors go to stderr too.
 */
public final class TranscriptPrinter {
    private static final int MAX_TOOL_RESULT = 200;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Styles styles;
    private final boolean showStatus;
    private boolean answerLineOpen;
    private boolean errorShown;

    public TranscriptPrinter(PrintWriter out, PrintWriter err, Styles styles, boolean showStatus) {
        this.out = out;
        this.err = err;
        this.styles = styles;
        this.showStatus = showStatus;
    }

    /** Starts a new turn. */
    public void beginTurn() {
        answerLineOpen = false;
        errorShown = false;
    }

    /** A piece of the answer's text. */
    public void delta(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        out.print(text);
        out.flush();
        answerLineOpen = true;
    }

    /**
     * A message of the turn, as soon as it exists. An assistant message that only requests tools shows nothing:
     * the status line that follows says which tool was called with what.
     */
    public void message(Role role, String content, String name) {
        switch (role) {
            case USER, SYSTEM -> { }
            case SMARTER -> status("· " + content);
            case TOOL -> status("← " + (name == null ? "tool" : name) + ": " + clip(content));
            case SMARTER_ERROR -> error(content);
            case ASSISTANT -> assistant(content);
        }
    }

    private void assistant(String content) {
        if (answerLineOpen) {
            // The text came as deltas already; the message only closes the line.
            out.println();
            answerLineOpen = false;
        } else if (content != null && !content.isEmpty()) {
            out.println(content);
        }
        out.flush();
    }

    /** An error of the turn; shown once even when both a message and a final error event report it. */
    public void error(String text) {
        if (errorShown) {
            return;
        }
        closeAnswerLine();
        errorShown = true;
        err.println(styles.error("error: " + text));
        err.flush();
    }

    /** A line of the CLI's own (a new session, a session that was gone). */
    public void notice(String text) {
        closeAnswerLine();
        err.println(styles.dim(text));
        err.flush();
    }

    /** Ends the turn: an answer streamed without a final message still ends its line. */
    public void endTurn() {
        closeAnswerLine();
    }

    private void status(String text) {
        if (showStatus) {
            closeAnswerLine();
            err.println(styles.dim(text));
            err.flush();
        }
    }

    private void closeAnswerLine() {
        if (answerLineOpen) {
            out.println();
            out.flush();
            answerLineOpen = false;
        }
    }

    private static String clip(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ");
        return oneLine.length() <= MAX_TOOL_RESULT ? oneLine : oneLine.substring(0, MAX_TOOL_RESULT - 1) + "…";
    }
}
