package sh.smarter.prompt.core.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Outbound port: what a prompt turn needs from storage — open its session, read its context in one go, hold its
 * idempotency key, append it atomically. Every adapter passes the same contract suite (prompt-tests,
 * {@code TurnStoreContract}).
 *
 * <p>Adapters report an unreachable database as {@code PromptException} of kind {@code STORAGE_UNAVAILABLE}.
 */
public interface TurnStore {

    /** How long a key is remembered: a retry after that runs as a new request. */
    Duration IDEMPOTENCY_KEY_LIFETIME = Duration.ofHours(24);

    /** Stores a new, empty session. A key that already exists is rejected. */
    Session create(NewSession session);

    /** The most recently updated session of a named client (for example one CLI user) with this chatbot. */
    Optional<Session> findLatestByClientId(long chatbotId, String clientId);

    /**
     * Everything a turn reads before it calls the provider, as of one moment: the session with this key within
     * this chatbot, its first system message and its newest {@code limit} messages whose role is in {@code roles}
     * (oldest first). Adapters answer it in one transaction; empty when there is no such session.
     */
    Optional<TurnContext> loadTurnContext(long chatbotId, SessionKey key, Set<Role> roles, int limit);

    /**
     * Appends the whole turn atomically after the session's last {@code seq}: all rows or none. Concurrent appends
     * to one session are serialised; none is lost, duplicated or interleaved with another.
     *
     * <p>When the turn carries an idempotency key ({@link Turn#idempotency()}), the same transaction marks the key
     * done with this turn; if this turn's attempt no longer holds the key, nothing is stored (CONFLICT).
     *
     * <p>When the database fails during the commit itself, so that the outcome is unknown, the store finds out by
     * the turn's id whether the turn was stored before it answers: it returns the stored turn, or throws
     * STORAGE_UNAVAILABLE when it was not stored (or the database could not tell).
     *
     * @throws sh.smarter.prompt.core.error.PromptException NOT_FOUND if the session is gone, CONFLICT if it could
     *                                                      not be appended after a bounded number of retries
     */
    AppendedTurn appendTurn(long sessionId, Turn turn);

    /**
     * Appends like {@link #appendTurn(long, Turn)}, for a session read earlier in this turn: an adapter may first
     * try to claim the seqs right after {@code readBefore.lastSeq()} without reading the session again, and falls
     * back to the full append when another append came first. Same guarantees.
     */
    default AppendedTurn appendTurn(Session readBefore, Turn turn) {
        return appendTurn(readBefore.id(), turn);
    }

    /**
     * Appends like {@link #appendTurn(Session, Turn)}, for the context this turn read: an adapter may store the
     * turn's provider requests as references to the messages they repeat from that context instead of copies.
     */
    default AppendedTurn appendTurn(TurnContext readBefore, Turn turn) {
        return appendTurn(readBefore.session(), turn);
    }

    /**
     * Asks for an idempotency key of a chatbot on behalf of the attempt {@code turnId}. A key nobody holds (or one
     * older than {@link #IDEMPOTENCY_KEY_LIFETIME}) is claimed with a lease until {@code leaseUntil}; so is a key
     * whose holder's lease ran out without storing its turn (the holder is presumed dead). A key with another
     * {@code requestHash} is a mismatch; otherwise the answer says who holds it or which turn it stored.
     */
    IdempotencyClaim claimIdempotencyKey(long chatbotId, IdempotencyKey key, String requestHash, String turnId,
                                         Instant now, Instant leaseUntil);

    /** Extends the lease of a claim that stored no turn yet; false when {@code turnId} no longer holds it. */
    boolean renewIdempotencyKey(long chatbotId, IdempotencyKey key, String turnId, Instant leaseUntil);

    /** Gives up a claim whose turn was not stored, so that a retry runs at once; a done key stays. */
    void releaseIdempotencyKey(long chatbotId, IdempotencyKey key, String turnId);

    /** The stored turn {@code turnId} whose first message has {@code turnSeq}, with its session as it is now. */
    Optional<StoredTurn> findTurn(long sessionId, long turnSeq, String turnId);

    /** True when turns can be stored now (the database answers): what a readiness probe asks. */
    boolean isReachable();
}
