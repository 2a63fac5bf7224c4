package sh.smarter.prompt.cli.chat;

import sh.smarter.prompt.core.session.SessionKey;

/**
 * How a turn ended. The turn is stored even when it failed (the user's message and the error line), so the
 * session is known either way.
 *
 * @param failure the error when the turn produced no answer, else null
 */
public record TurnOutcome(SessionKey session, String failure) {
    public boolean failed() {
        return failure != null;
    }
}
