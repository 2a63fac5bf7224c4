package sh.smarter.prompt.core.prompt;

import java.util.Objects;
import sh.smarter.prompt.core.session.SessionKey;

/** Which conversation a prompt continues. */
public sealed interface SessionChoice {
    SessionChoice NEW = new StartNew();
    SessionChoice NEW_FROM_TRANSCRIPT = new StartNewFromTranscript();

    static SessionChoice existing(SessionKey key) {
        return new Existing(key);
    }

    static SessionChoice latestOf(String clientId) {
        return new LatestOfClient(clientId);
    }

    /** The session with this key; unknown for this chatbot is "not found". */
    record Existing(SessionKey key) implements SessionChoice {
        public Existing {
            Objects.requireNonNull(key, "key");
        }
    }

    /** A fresh session with a newly minted key. */
    record StartNew() implements SessionChoice {
    }

    /**
     * A fresh session seeded with the conversation the client sent before its last user message, user turns
     * included: clients of the OpenAI protocol keep the conversation themselves and resend all of it. The chatbot's
     * own system prompt stays first; the client's system messages are not stored.
     */
    record StartNewFromTranscript() implements SessionChoice {
    }

    /** The most recent session of a named client (a CLI user), or a fresh one for it. */
    record LatestOfClient(String clientId) implements SessionChoice {
        public LatestOfClient {
            if (clientId == null || clientId.isBlank() || clientId.length() > 255) {
                throw new IllegalArgumentException("client id must be 1..255 characters");
            }
        }
    }
}
