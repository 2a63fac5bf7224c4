package sh.smarter.prompt.core.session;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Outbound port: where sessions and their complete message history live. Every adapter passes the same contract
 * suite (prompt-tests, {@code SessionStoreContract}).
 *
 * <p>Adapters report an unreachable database as {@code PromptException} of kind {@code STORAGE_UNAVAILABLE}.
 */
public interface SessionStore {

    /** Stores a new, empty session. A key that already exists is rejected. */
    Session create(NewSession session);

    /** The session with this key, but only within this chatbot: a key never opens another chatbot's session. */
    Optional<Session> find(long chatbotId, SessionKey key);

    Optional<Session> findById(long sessionId);

    /** The most recently updated session of a named client (for example one CLI user) with this chatbot. */
    Optional<Session> findLatestByClientId(long chatbotId, String clientId);

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
     * Everything a turn reads before it calls the provider, as of one moment: the session with this key within
     * this chatbot, its first system message and its newest {@code limit} messages whose role is in {@code roles}
     * (oldest first). Adapters answer it in one transaction; empty when there is no such session.
     */
    default Optional<TurnContext> loadTurnContext(long chatbotId, SessionKey key, Set<Role> roles, int limit) {
        return find(chatbotId, key).map(session -> session.isEmpty()
                ? new TurnContext(session, Optional.empty(), List.of())
                : new TurnContext(session, firstSystemMessage(session.id()),
                        recentMessages(session.id(), roles, limit)));
    }

    // ------------------------------------------------------------------------------------------ idempotency keys

    /** How long a key is remembered: a retry after that runs as a new request. */
    Duration IDEMPOTENCY_KEY_LIFETIME = Duration.ofHours(24);

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

    /** The session's first system message, which every context window keeps. */
    Optional<Message> firstSystemMessage(long sessionId);

    /** The newest {@code limit} messages whose role is in {@code roles}, returned oldest first. */
    List<Message> recentMessages(long sessionId, Set<Role> roles, int limit);

    /** Messages with {@code seq > afterSeq}, oldest first, at most {@code limit}. */
    List<Message> messagesAfter(long sessionId, long afterSeq, int limit);

    long countMessages(long sessionId);

    /** Newest first. */
    List<ToolExecution> recentToolExecutions(long sessionId, int limit);

    /** Newest first. */
    List<ProviderExchange> recentProviderExchanges(long sessionId, int limit);

    /** Newest first. */
    List<PluginSelection> recentPluginSelections(long sessionId, int limit);

    SessionPage list(SessionQuery query);

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
     * {@link #IDEMPOTENCY_KEY_LIFETIME}.
     *
     * @return how many sessions were deleted
     */
    long pruneInactiveSince(Instant cutoff, int maxRowsPerTransaction, PruneProgress progress);

    /** Number of sessions per chatbot id. */
    Map<Long, Long> countSessionsByChatbot();

    /** Tokens charged, summed over every turn of the chatbot. */
    TokenUsage tokenUsageOfChatbot(long chatbotId);

    /** Tokens charged, summed over every turn of every chatbot of the account. */
    TokenUsage tokenUsageOfAccount(long accountId);

    /**
     * Tokens charged on {@code day} (UTC, by the day each turn started, {@link DailyTokenUse#dayOf}) to the chatbot
     * and to the account: the one read a daily token budget needs. Counted from the stored totals, so every
     * instance on the same database gets the same answer.
     */
    DailyTokenUse tokensUsedOn(LocalDate day, long chatbotId, long accountId);

    /** True when the store can serve requests now (the database answers). */
    boolean isReachable();

    @FunctionalInterface
    interface PruneProgress {
        PruneProgress NONE = deletedSoFar -> { };

        void batchDone(long deletedSoFar);
    }
}
