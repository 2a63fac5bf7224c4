package sh.smarter.prompt.persistence.session;

import java.io.Serializable;

/**
 * The key of a turn record (provider exchange, tool execution, plugin selection): the session, the first seq of the
 * turn, and the record's position in the turn. Newest first is the key in descending order.
 */
record TurnRecordKey(long sessionId, long turnSeq, int ordinal) implements Serializable {
}
