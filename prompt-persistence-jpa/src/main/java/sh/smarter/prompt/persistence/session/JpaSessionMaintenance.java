package sh.smarter.prompt.persistence.session;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.session.SessionMaintenance;
import sh.smarter.prompt.persistence.support.Transactions;

/**
 * Removing sessions on Jakarta Persistence: one by id (the database cascades to its messages and turn records), or
 * every inactive one in row-bounded transactions ({@link SessionPruner}).
 */
public final class JpaSessionMaintenance implements SessionMaintenance {
    private final Transactions transactions;
    private final Clock clock;

    /** @param clock when idempotency keys expire, for a prune */
    public JpaSessionMaintenance(Transactions transactions, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean delete(long sessionId) {
        // The database removes messages and turn records with the session (ON DELETE CASCADE).
        return transactions.write(em -> em.createQuery("delete from SessionEntity s where s.id = :id")
                .setParameter("id", sessionId)
                .executeUpdate()) > 0;
    }

    @Override
    public long countInactiveSince(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return transactions.read(em -> em.createQuery("select count(s) from SessionEntity s"
                        + " where s.updatedAt < :cutoff", Long.class)
                .setParameter("cutoff", cutoff)
                .getSingleResult());
    }

    @Override
    public long pruneInactiveSince(Instant cutoff, int maxRowsPerTransaction, PruneProgress progress) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (maxRowsPerTransaction < 1) {
            throw PromptException.invalid("the rows per transaction must be at least 1");
        }
        Instant now = SessionRows.microseconds(clock.instant());
        transactions.write(em -> JpaIdempotencyKeys.deleteExpired(em, now));
        return new SessionPruner(transactions, RetriedWrites::retrying).prune(cutoff, maxRowsPerTransaction,
                progress == null ? PruneProgress.NONE : progress);
    }

    @Override
    public Map<Long, Long> countSessionsByChatbot() {
        return transactions.read(em -> {
            Map<Long, Long> counts = new LinkedHashMap<>();
            em.createQuery("select s.chatbotId, count(s) from SessionEntity s group by s.chatbotId", Object[].class)
                    .getResultList()
                    .forEach(row -> counts.put((Long) row[0], (Long) row[1]));
            return Map.copyOf(counts);
        });
    }
}
