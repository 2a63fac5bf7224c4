package sh.smarter.prompt.persistence.support;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.Objects;
import java.util.function.Function;
import org.hibernate.FlushMode;

/**
 * Runs units of work, each in its own entity manager and transaction: committed when the work returns, rolled back
 * when it throws. Failures leave translated by {@link DatabaseFailures#translate}, so an unreachable database is
 * always {@code STORAGE_UNAVAILABLE}; key and lock conflicts pass through for the caller to judge.
 */
public final class Transactions {
    private final EntityManagerFactory entityManagerFactory;

    public Transactions(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = Objects.requireNonNull(entityManagerFactory, "entityManagerFactory");
    }

    /** Runs {@code work} in a read-write transaction. */
    public <T> T write(Function<EntityManager, T> work) {
        return run(work, false);
    }

    /**
     * Runs {@code work} in a transaction that flushes nothing: entities it loads are not checked for changes, and
     * queries do not first look for pending changes to flush (there are none).
     */
    public <T> T read(Function<EntityManager, T> work) {
        return run(work, true);
    }

    private <T> T run(Function<EntityManager, T> work, boolean readOnly) {
        EntityManager entityManager = null;
        EntityTransaction transaction = null;
        try {
            entityManager = entityManagerFactory.createEntityManager();
            if (readOnly) {
                org.hibernate.Session session = entityManager.unwrap(org.hibernate.Session.class);
                session.setDefaultReadOnly(true);
                session.setHibernateFlushMode(FlushMode.MANUAL);
            }
            transaction = entityManager.getTransaction();
            transaction.begin();
            T result = work.apply(entityManager);
            commit(transaction);
            return result;
        } catch (CommitOutcomeUnknownException unknown) {
            rollbackQuietly(transaction, unknown);
            throw unknown;
        } catch (RuntimeException failure) {
            rollbackQuietly(transaction, failure);
            throw DatabaseFailures.translate(failure);
        } finally {
            if (entityManager != null) {
                entityManager.close();
            }
        }
    }

    /**
     * Commits; a connection that fails during the commit leaves its outcome unknown (the server may have committed
     * before the answer was lost), which the caller is told as {@link CommitOutcomeUnknownException}.
     */
    private static void commit(EntityTransaction transaction) {
        try {
            transaction.commit();
        } catch (RuntimeException failure) {
            if (DatabaseFailures.isUnavailable(failure)) {
                throw new CommitOutcomeUnknownException(failure);
            }
            throw failure;
        }
    }

    private static void rollbackQuietly(EntityTransaction transaction, RuntimeException failure) {
        if (transaction == null) {
            return;
        }
        try {
            if (transaction.isActive()) {
                transaction.rollback();
            }
        } catch (RuntimeException rollbackFailure) {
            // The connection is probably gone; the original failure says more.
            failure.addSuppressed(rollbackFailure);
        }
    }
}
