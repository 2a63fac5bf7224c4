package sh.smarter.prompt.persistence.session;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.Optional;

/** Small pieces the session adapters share: plain JDBC inside the entity manager's transaction, first rows. */
final class SessionQueries {
    private SessionQueries() {
    }

    /** Runs plain JDBC on the entity manager's connection, inside its transaction. */
    static <T> T jdbc(EntityManager em, org.hibernate.jdbc.ReturningWork<T> work) {
        return em.unwrap(org.hibernate.Session.class).doReturningWork(work);
    }

    static <T> Optional<T> first(TypedQuery<T> query) {
        return query.setMaxResults(1).getResultList().stream().findFirst();
    }

    /** The session's last seq (0 for an empty or missing session): one primary-key lookup. */
    static long lastSeq(EntityManager em, long sessionId) {
        return first(em.createQuery("select s.lastSeq from SessionEntity s where s.id = :id", Long.class)
                .setParameter("id", sessionId)).orElse(0L);
    }
}
