package sh.smarter.prompt.persistence.session;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.session.AppendedTurn;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.StoredTurn;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.persistence.support.CommitOutcomeUnknownException;
import sh.smarter.prompt.persistence.support.Transactions;

/**
 * Finds stored turns by their id: for a retry whose idempotency key names a stored turn, and for an append whose
 * commit failed with its outcome unknown.
 */
final class TurnLookup {
    private static final Logger LOG = LoggerFactory.getLogger(TurnLookup.class);

    /**
     * The longest each statement of the look-up after an unknown commit may wait for the database: the statement
     * timeout, but no more than this, since the client is still waiting for its answer.
     */
    static final int MAX_LOOKUP_WAIT_MILLIS = 10_000;

    private TurnLookup() {
    }

    /**
     * The append of {@code turn} failed during its commit. Looks up whether the turn was stored: the stored turn,
     * or STORAGE_UNAVAILABLE when it was not (or the database cannot tell yet).
     *
     * <p>The look-up first locks the session's row, which the failed append held until it ended: if the database
     * still runs that transaction (the commit on its way), the look-up waits for it instead of missing it.
     */
    static AppendedTurn resolve(Transactions transactions, long sessionId, Turn turn,
                                CommitOutcomeUnknownException unknown) {
        LOG.warn("append turn {} to session {}: the database failed during the commit ({}); looking up whether the"
                + " turn was stored", turn.id(), sessionId, rootMessage(unknown));
        Optional<AppendedTurn> found;
        try {
            found = transactions.write(em -> {
                limitWaiting(em);
                SessionEntity session = em.find(SessionEntity.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
                if (session == null) {
                    return Optional.empty();
                }
                List<TurnEntity> turns = em.createQuery("select t from TurnEntity t where t.sessionId = :id"
                                + " and t.turnId = :turn order by t.firstSeq desc", TurnEntity.class)
                        .setParameter("id", sessionId)
                        .setParameter("turn", turn.id())
                        .setMaxResults(1)
                        .getResultList();
                if (turns.isEmpty()) {
                    return Optional.empty();
                }
                TurnEntity row = turns.get(0);
                return Optional.of(new AppendedTurn(SessionRows.session(session),
                        messages(em, sessionId, row.firstSeq, row.messageCount)));
            });
        } catch (RuntimeException lookupFailed) {
            unknown.addSuppressed(lookupFailed);
            LOG.warn("turn {}: the database cannot tell yet whether it was stored ({})", turn.id(),
                    rootMessage(lookupFailed));
            throw new PromptException(ErrorKind.STORAGE_UNAVAILABLE, "SmarterStorageUnavailable",
                    "the database failed while the turn was stored and cannot tell yet whether it was; send the"
                            + " request again with the same Idempotency-Key to be sure it runs once", unknown);
        }
        if (found.isEmpty()) {
            LOG.warn("turn {}: it was not stored", turn.id());
            throw PromptException.storageUnavailable("the database failed while the turn was stored; it was not"
                    + " stored", unknown);
        }
        LOG.info("turn {}: it was stored; answering with it", turn.id());
        return found.get();
    }

    /** The stored turn {@code turnId} whose first message has {@code turnSeq}, if it is that turn. */
    static Optional<StoredTurn> storedTurn(EntityManager em, long sessionId, long turnSeq, String turnId) {
        TurnEntity row = em.find(TurnEntity.class, new TurnKey(sessionId, turnSeq));
        SessionEntity session = row == null ? null : em.find(SessionEntity.class, sessionId);
        if (session == null || !turnId.equals(row.turnId)) {
            return Optional.empty();
        }
        List<sh.smarter.prompt.core.session.ProviderExchange> exchanges = em.unwrap(org.hibernate.Session.class)
                .doReturningWork(connection -> ExchangeReads.ofTurn(connection, sessionId, turnSeq, turnId));
        List<sh.smarter.prompt.core.session.ToolExecution> executions = em.createQuery(
                        "select r from ToolExecutionEntity r where r.sessionId = :id and r.turnSeq = :seq"
                                + " order by r.ordinal", ToolExecutionEntity.class)
                .setParameter("id", sessionId)
                .setParameter("seq", turnSeq)
                .getResultList().stream().map(SessionRows::execution).toList();
        return Optional.of(new StoredTurn(SessionRows.session(session), turnId,
                messages(em, sessionId, turnSeq, row.messageCount), exchanges, executions));
    }

    private static List<Message> messages(EntityManager em, long sessionId, long firstSeq, int count) {
        return List.copyOf(SessionQueries.jdbc(em, connection ->
                MessageRanges.read(connection, sessionId, firstSeq, firstSeq + count - 1, null, 0)));
    }

    /**
     * Bounds every statement of this transaction by the statement timeout (the connection's network timeout), at
     * most {@link #MAX_LOOKUP_WAIT_MILLIS}. The pool restores the connection's own timeout when it is returned.
     */
    private static void limitWaiting(EntityManager em) {
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try {
                int statementTimeout = connection.getNetworkTimeout();
                int limit = statementTimeout > 0 ? Math.min(statementTimeout, MAX_LOOKUP_WAIT_MILLIS)
                        : MAX_LOOKUP_WAIT_MILLIS;
                connection.setNetworkTimeout(Runnable::run, limit);
            } catch (SQLException | UnsupportedOperationException notSupported) {
                // H2 in this process has no network to wait on.
            }
        });
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
