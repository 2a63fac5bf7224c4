package sh.smarter.prompt.core.session;

import java.time.Instant;
import java.util.Map;

/**
 * Outbound port: removing sessions — one on request, or every inactive one in bounded transactions — and counting
 * them for an operator. Every adapter passes the same contract suite (prompt-tests,
 * {@code SessionMaintenanceContract}).
 */
public interface SessionMaintenance {

    /** Deletes the session with its messages and turn records. */
    boolean delete(long sessionId);

    /** How many sessions were last updated before {@code cutoff}. */
    long countInactiveSince(Instant cutoff);

    /**
     * Deletes sessions last updated before {@code cutoff} in short transactions, each removing at most
     * {@code maxRowsPerTransaction} rows (messages and turn records; a session's row counts as one): many small
     * sessions go together, a long one is deleted over several transactions. A session that gets a turn meanwhile
     * is kept. Reports the running total of deleted sessions after each transaction.
     * The idempotency keys of deleted sessions go with them, and so do keys older than
     * {@link TurnStore#IDEMPOTENCY_KEY_LIFETIME}.
     *
     * @return how many sessions were deleted
     */
    long pruneInactiveSince(Instant cutoff, int maxRowsPerTransaction, PruneProgress progress);

    /** Number of sessions per chatbot id. */
    Map<Long, Long> countSessionsByChatbot();

    @FunctionalInterface
    interface PruneProgress {
        PruneProgress NONE = deletedSoFar -> { };

        void batchDone(long deletedSoFar);
    }
}
