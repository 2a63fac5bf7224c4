package sh.smarter.prompt.persistence.session;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import org.hibernate.query.NativeQuery;
import sh.smarter.prompt.core.session.IdempotencyClaim;
import sh.smarter.prompt.core.session.IdempotencyKey;
import sh.smarter.prompt.core.session.TurnStore;
import sh.smarter.prompt.core.session.Turn;

/**
 * The rows of {@code idempotency_keys} (migration V9), in SQL that H2 (MySQL mode) and MySQL both take. Each method
 * runs inside a transaction of {@link JpaTurnStore}; {@link #complete} runs inside the turn's append, so that a
 * key is done exactly when its turn is stored. Times are compared in SQL, never read back.
 */
final class JpaIdempotencyKeys {
    private static final String WHERE_KEY = " WHERE chatbot_id = :chatbot AND idempotency_key = :key";
    private static final String WHERE_HELD = WHERE_KEY + " AND claim_id = :claim AND session_id IS NULL";

    private JpaIdempotencyKeys() {
    }

    static IdempotencyClaim claim(EntityManager em, long chatbotId, IdempotencyKey key, String requestHash,
                                  String turnId, Instant now, Instant leaseUntil) {
        Instant expiredBefore = SessionRows.microseconds(now.minus(TurnStore.IDEMPOTENCY_KEY_LIFETIME));
        List<?> rows = query(em, "SELECT request_hash, session_id, turn_seq, claim_id, outcome,"
                + " CASE WHEN lease_until > :now THEN 1 ELSE 0 END,"
                + " CASE WHEN created_at < :expiredBefore THEN 1 ELSE 0 END"
                + " FROM idempotency_keys" + WHERE_KEY + " FOR UPDATE", chatbotId, key)
                .setParameter("now", SessionRows.microseconds(now), Instant.class)
                .setParameter("expiredBefore", expiredBefore, Instant.class)
                .getResultList();
        if (rows.isEmpty()) {
            // Two first claims racing: one insert hits the primary key and its transaction is retried.
            query(em, "INSERT INTO idempotency_keys (chatbot_id, idempotency_key, request_hash, claim_id,"
                    + " created_at, lease_until) VALUES (:chatbot, :key, :hash, :claim, :now, :lease)", chatbotId, key)
                    .setParameter("hash", requestHash)
                    .setParameter("claim", turnId)
                    .setParameter("now", SessionRows.microseconds(now), Instant.class)
                    .setParameter("lease", SessionRows.microseconds(leaseUntil), Instant.class)
                    .executeUpdate();
            return new IdempotencyClaim.Claimed();
        }
        Object[] row = (Object[]) rows.get(0);
        boolean expired = ((Number) row[6]).intValue() == 1;
        if (expired) {
            // Older than a key lives: a new request that happens to reuse it.
            query(em, "UPDATE idempotency_keys SET request_hash = :hash, claim_id = :claim, session_id = NULL,"
                    + " turn_seq = NULL, outcome = NULL, created_at = :now, lease_until = :lease" + WHERE_KEY,
                    chatbotId, key)
                    .setParameter("hash", requestHash)
                    .setParameter("claim", turnId)
                    .setParameter("now", SessionRows.microseconds(now), Instant.class)
                    .setParameter("lease", SessionRows.microseconds(leaseUntil), Instant.class)
                    .executeUpdate();
            return new IdempotencyClaim.Claimed();
        }
        if (!requestHash.equals(row[0])) {
            return new IdempotencyClaim.Mismatch();
        }
        if (row[1] != null) {
            return new IdempotencyClaim.Done(((Number) row[1]).longValue(), ((Number) row[2]).longValue(),
                    (String) row[3], (String) row[4]);
        }
        if (((Number) row[5]).intValue() == 1) {
            return new IdempotencyClaim.Running();
        }
        // The holder's lease ran out without a stored turn: it is presumed dead; this attempt takes over. Should
        // the holder still store its turn, its append finds the key taken and stores nothing.
        query(em, "UPDATE idempotency_keys SET claim_id = :claim, lease_until = :lease" + WHERE_KEY, chatbotId, key)
                .setParameter("claim", turnId)
                .setParameter("lease", SessionRows.microseconds(leaseUntil), Instant.class)
                .executeUpdate();
        return new IdempotencyClaim.Claimed();
    }

    static boolean renew(EntityManager em, long chatbotId, IdempotencyKey key, String turnId, Instant leaseUntil) {
        return query(em, "UPDATE idempotency_keys SET lease_until = :lease" + WHERE_HELD, chatbotId, key)
                .setParameter("claim", turnId)
                .setParameter("lease", SessionRows.microseconds(leaseUntil), Instant.class)
                .executeUpdate() > 0;
    }

    static void release(EntityManager em, long chatbotId, IdempotencyKey key, String turnId) {
        query(em, "DELETE FROM idempotency_keys" + WHERE_HELD, chatbotId, key)
                .setParameter("claim", turnId)
                .executeUpdate();
    }

    /**
     * Marks the turn's key done, in the transaction that appends the turn: one of the append's writes
     * ({@link TurnAppender}). A turn without a key costs no statement.
     *
     * @return the update's position in {@code writes}, for {@link #requireCompleted}; -1 for a turn without a key
     */
    static int complete(ChainedWrites writes, long sessionId, long turnSeq, Turn turn) {
        if (turn.idempotency() == null) {
            return -1;
        }
        return writes.add("UPDATE idempotency_keys SET session_id = ?, turn_seq = ?, outcome = ? WHERE chatbot_id = ?"
                + " AND idempotency_key = ? AND claim_id = ? AND session_id IS NULL", 6, (update, first) -> {
                    update.setLong(first, sessionId);
                    update.setLong(first + 1, turnSeq);
                    update.setString(first + 2, turn.idempotency().outcome());
                    update.setLong(first + 3, turn.chatbotId());
                    update.setString(first + 4, turn.idempotency().key().value());
                    update.setString(first + 5, turn.id());
                });
    }

    /**
     * After the writes ran: when the update of {@link #complete} changed no row, this attempt no longer holds the
     * key (another attempt took it over), and {@link IdempotencyClaim#lost()} rolls the append back.
     */
    static void requireCompleted(int[] counts, int position) {
        if (position >= 0 && counts[position] == 0) {
            throw IdempotencyClaim.lost();
        }
    }

    /** Deletes the keys older than a key lives (the keys of deleted sessions went with them). */
    static int deleteExpired(EntityManager em, Instant now) {
        return em.unwrap(org.hibernate.Session.class)
                .createNativeQuery("DELETE FROM idempotency_keys WHERE created_at < :expiredBefore")
                .setParameter("expiredBefore",
                        SessionRows.microseconds(now.minus(TurnStore.IDEMPOTENCY_KEY_LIFETIME)), Instant.class)
                .executeUpdate();
    }

    private static NativeQuery<?> query(EntityManager em, String sql, long chatbotId, IdempotencyKey key) {
        return em.unwrap(org.hibernate.Session.class).createNativeQuery(sql)
                .setParameter("chatbot", chatbotId)
                .setParameter("key", key.value());
    }
}
