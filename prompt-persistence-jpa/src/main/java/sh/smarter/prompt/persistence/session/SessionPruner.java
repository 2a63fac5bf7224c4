package sh.smarter.prompt.persistence.session;

import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionMaintenance.PruneProgress;
import sh.smarter.prompt.persistence.support.Transactions;

/**
 * Deletes sessions not updated since a cut-off with every transaction bounded by rows, not by sessions, so that a
 * batch of long sessions never becomes one long transaction holding locks.
 *
 * <p>Small sessions go many to a transaction, as long as their rows fit: a session's rows are at most
 * {@code 2 * last_seq + 1} (its messages, one turn record or fewer per message — every turn, provider call, tool run
 * and plugin selection stores a message of its own — and its own row). A session too large for one transaction is
 * first detached (a fresh random key, no client id: neither its key nor its CLI user finds it any more), then its
 * turn records and messages are deleted {@code maxRows} at a time, each transaction re-checking under the session's
 * row lock that it is still inactive, then the session row. A turn already under way when the session was detached
 * makes it active again: the deletion stops there and keeps that turn. Locks are taken on that one session's rows
 * only; prompts to other sessions do not wait for a prune.
 */
final class SessionPruner {
    /** The tables with a session's rows, each keyed by {@code session_id} first; messages last. */
    private static final List<String> CHILD_TABLES = List.of("plugin_selections", "tool_executions",
            "turns", "messages");
    /** Sessions looked at per small-session transaction. */
    private static final int CANDIDATES = 500;
    private static final DateTimeFormatter UTC_TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    /** Runs one attempt again on a lost race ({@link RetriedWrites}). */
    interface Retrying {
        Integer run(String what, Supplier<Optional<Integer>> attempt);
    }

    private final Transactions transactions;
    private final Retrying retrying;
    private final SecureRandom random = new SecureRandom();

    SessionPruner(Transactions transactions, Retrying retrying) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.retrying = Objects.requireNonNull(retrying, "retrying");
    }

    /** What one small-session transaction did: sessions deleted, or the first candidate too large for it. */
    private record Batch(int deleted, Long tooLarge) {
    }

    long prune(Instant cutoff, int maxRows, PruneProgress progress) {
        long deleted = 0;
        while (true) {
            Batch batch = transactions.write(em -> smallSessions(em, cutoff, maxRows));
            if (batch.deleted() > 0) {
                deleted += batch.deleted();
                progress.batchDone(deleted);
            } else if (batch.tooLarge() == null) {
                return deleted;
            } else {
                long before = deleted;
                if (largeSession(batch.tooLarge(), cutoff, maxRows, () -> progress.batchDone(before))) {
                    deleted++;
                    progress.batchDone(deleted);
                }
            }
        }
    }

    static long rowsOf(long lastSeq) {
        return 2 * lastSeq + 1;
    }

    private Batch smallSessions(EntityManager em, Instant cutoff, int maxRows) {
        @SuppressWarnings("unchecked")
        List<Object[]> candidates = em.createNativeQuery("SELECT id, last_seq FROM sessions WHERE updated_at < :cutoff"
                        + " ORDER BY updated_at, id LIMIT :n")
                .setParameter("cutoff", utc(cutoff))
                .setParameter("n", CANDIDATES)
                .getResultList();
        List<Long> ids = new ArrayList<>();
        long rows = 0;
        for (Object[] candidate : candidates) {
            long sessionRows = rowsOf(((Number) candidate[1]).longValue());
            if (rows + sessionRows > maxRows) {
                break;
            }
            rows += sessionRows;
            ids.add(((Number) candidate[0]).longValue());
        }
        if (ids.isEmpty()) {
            return new Batch(0, candidates.isEmpty() ? null : ((Number) candidates.get(0)[0]).longValue());
        }
        // Still inactive: a session a turn brought back since the select stays.
        int removed = em.createNativeQuery("DELETE FROM sessions WHERE id IN (:ids) AND updated_at < :cutoff")
                .setParameter("ids", ids)
                .setParameter("cutoff", utc(cutoff))
                .executeUpdate();
        return new Batch(removed, null);
    }

    /** Deletes one large session in bounded transactions; false when it became active (or went) meanwhile. */
    private boolean largeSession(long id, Instant cutoff, int maxRows, Runnable afterTransaction) {
        String detachedKey = SessionKey.random(random).value();
        int detached = retrying.run("detach a session to prune", () -> Optional.of(transactions.write(em ->
                em.createNativeQuery("UPDATE sessions SET session_key = :key, client_id = NULL"
                                + " WHERE id = :id AND updated_at < :cutoff")
                        .setParameter("key", detachedKey)
                        .setParameter("id", id)
                        .setParameter("cutoff", utc(cutoff))
                        .executeUpdate())));
        if (detached == 0) {
            return false;
        }
        afterTransaction.run();
        for (String table : CHILD_TABLES) {
            while (true) {
                int removed = retrying.run("prune the rows of a large session", () -> Optional.of(
                        transactions.write(em -> stillInactive(em, id, cutoff)
                                ? em.createNativeQuery("DELETE FROM " + table + " WHERE session_id = :id LIMIT :n")
                                        .setParameter("id", id)
                                        .setParameter("n", maxRows)
                                        .executeUpdate()
                                : -1)));
                if (removed < 0) {
                    return false;
                }
                afterTransaction.run();
                if (removed < maxRows) {
                    break;
                }
            }
        }
        return retrying.run("delete a pruned session", () -> Optional.of(transactions.write(em ->
                stillInactive(em, id, cutoff) ? em.createNativeQuery("DELETE FROM sessions WHERE id = :id")
                        .setParameter("id", id)
                        .executeUpdate() : 0))) > 0;
    }

    /** The cut-off as the UTC text both databases compare DATETIME(6) columns with, microseconds kept. */
    private static String utc(Instant instant) {
        return UTC_TEXT.format(instant);
    }

    /** Locks the session row; true when it is still there and still inactive. */
    private static boolean stillInactive(EntityManager em, long id, Instant cutoff) {
        return !em.createNativeQuery("SELECT id FROM sessions WHERE id = :id AND updated_at < :cutoff FOR UPDATE")
                .setParameter("id", id)
                .setParameter("cutoff", utc(cutoff))
                .getResultList().isEmpty();
    }
}
