package sh.smarter.prompt.persistence.session;

import java.io.Serializable;

/** A turn is identified within its session by the seq of its first message. */
record TurnKey(long sessionId, long firstSeq) implements Serializable {
}
