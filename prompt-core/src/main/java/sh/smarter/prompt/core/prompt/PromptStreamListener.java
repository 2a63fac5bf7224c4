package sh.smarter.prompt.core.prompt;

import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.Session;

/**
 * Receives a turn while it happens: text deltas of the assistant's answer, and each message as it is created
 * (status lines, tool requests and results, the final answer). The turn is stored the same whether anybody listens
 * or not; a listener that throws (a client that went away) is dropped and the turn goes on.
 */
public interface PromptStreamListener {
    PromptStreamListener NONE = new PromptStreamListener() {
    };

    /** Called once, first, with the session the turn belongs to (a new one's key is known only from here). */
    default void onSession(Session session) {
    }

    default void onDelta(String text) {
    }

    default void onMessage(NewMessage message) {
    }
}
