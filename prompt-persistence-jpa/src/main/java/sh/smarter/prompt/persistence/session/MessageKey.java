package sh.smarter.prompt.persistence.session;

import java.io.Serializable;

/** The key of a message: its session and its place in it. Assigned by the store, so inserts can be batched. */
record MessageKey(long sessionId, long seq) implements Serializable {
}
