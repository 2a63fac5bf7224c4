package sh.smarter.prompt.core.prompt;

import java.util.Objects;
import sh.smarter.prompt.core.session.SessionKey;

/** Which conversation a prompt continues. */
public sealed interface SessionChoice {
    SessionChoice NEW = new StartNew();

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

    /** The most recent session of a named client (a CLI user), or a fresh one for it. */
    record LatestOfClient(String clientId) implements SessionChoice {
        public LatestOfClient {
            if (clientId == null || clientId.isBlank() || clientId.length() > 255) {
                throw new IllegalArgumentException("client id must be 1..255 characters");
            }
        }
    }
}
