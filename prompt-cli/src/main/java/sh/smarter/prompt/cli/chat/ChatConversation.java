package sh.smarter.prompt.cli.chat;

import java.util.List;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.session.SessionKey;

/**
 * One conversation with one chatbot on one target: it continues the session the CLI remembers for them (unless told
 * to start a new one), and remembers the session each turn ends in.
 */
public final class ChatConversation {
    private final ChatTarget target;
    private final LastSessions lastSessions;
    private final String chatbot;
    private final TranscriptPrinter printer;
    private SessionKey session;
    /** The session came from memory, not from the user: if it is gone, a new one is started without asking. */
    private boolean remembered;

    /**
     * @param explicitSession the session the user named, or null
     * @param startNew        start a new session instead of continuing the remembered one
     */
    public ChatConversation(ChatTarget target, LastSessions lastSessions, String chatbot, SessionKey explicitSession,
                            boolean startNew, TranscriptPrinter printer) {
        this.target = target;
        this.lastSessions = lastSessions;
        this.chatbot = chatbot;
        this.printer = printer;
        if (explicitSession != null) {
            this.session = explicitSession;
        } else if (!startNew) {
            this.session = lastSessions.get(target.stateKey(), chatbot).orElse(null);
            this.remembered = session != null;
        }
    }

    public String chatbot() {
        return chatbot;
    }

    public ChatTarget target() {
        return target;
    }

    /** The session the next turn continues, or null when it starts a new one. */
    public SessionKey session() {
        return session;
    }

    public void startNew() {
        session = null;
        remembered = false;
    }

    public TurnOutcome send(String input) {
        printer.beginTurn();
        TurnOutcome outcome;
        try {
            outcome = target.send(chatbot, session, input, printer);
        } catch (RuntimeException e) {
            if (!remembered || !isNotFound(e)) {
                throw e;
            }
            // Deleted or pruned since, or the database was reset: like a browser with a stale cookie, start afresh.
            printer.notice("the last session of " + chatbot + " is gone; starting a new one");
            lastSessions.forget(target.stateKey(), chatbot);
            startNew();
            outcome = target.send(chatbot, null, input, printer);
        }
        printer.endTurn();
        if (session == null) {
            printer.notice("new session " + outcome.session().abbreviated());
        }
        session = outcome.session();
        remembered = false;
        lastSessions.remember(target.stateKey(), chatbot, session);
        return outcome;
    }

    public List<ChatTarget.HistoryLine> history() {
        return session == null ? List.of() : target.history(chatbot, session);
    }

    static boolean isNotFound(RuntimeException e) {
        return (e instanceof PromptException prompt && prompt.kind() == ErrorKind.NOT_FOUND)
                || (e instanceof CliFailure failure && failure.exitCode() == ExitCode.NOT_FOUND);
    }
}
