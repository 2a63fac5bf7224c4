package sh.smarter.prompt.core.session;

import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;

/**
 * What an attempt found when it asked for an idempotency key ({@link TurnStore#claimIdempotencyKey}).
 */
public sealed interface IdempotencyClaim {

    /** The key is this attempt's: it runs the turn, and its append marks the key done. */
    record Claimed() implements IdempotencyClaim {
    }

    /** Another attempt holds the key and is still running: its lease has not run out. */
    record Running() implements IdempotencyClaim {
    }

    /**
     * An earlier attempt stored its turn: {@code turnId}, whose first message has {@code turnSeq} in the session.
     * {@code outcome} is what that attempt left for a replay ({@link #claimIdempotencyKey}).
     */
    record Done(long sessionId, long turnSeq, String turnId, String outcome) implements IdempotencyClaim {
    }

    /** The key was used for a different request within its 24 hours. */
    record Mismatch() implements IdempotencyClaim {
    }

    /** The error class of an append whose attempt had lost its key to another attempt (nothing was stored). */
    String LOST = "SmarterIdempotencyKeyLost";

    /** Thrown by an append whose attempt no longer holds its key: another attempt took it over. */
    static PromptException lost() {
        return new PromptException(ErrorKind.CONFLICT, LOST,
                "another request with the same Idempotency-Key took over this one; nothing was stored");
    }
}
