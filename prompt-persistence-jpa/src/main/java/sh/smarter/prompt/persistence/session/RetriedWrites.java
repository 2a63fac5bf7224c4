package sh.smarter.prompt.persistence.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.persistence.support.DatabaseFailures;
import sh.smarter.prompt.persistence.support.WriteRetries;

/**
 * The retry policy of the session store's writes (appends, idempotency claims, prune steps): a write that loses to
 * a concurrent one on the same rows rolls back and runs again after a jittered back-off, a bounded number of times.
 */
final class RetriedWrites {
    private static final Logger LOG = LoggerFactory.getLogger(RetriedWrites.class);

    /** Bounds on retrying a write that keeps losing to concurrent writes on the same rows. */
    private static final int MAX_WRITE_ATTEMPTS = 50;
    private static final Duration MAX_WRITE_TIME = Duration.ofSeconds(15);
    private static final long MAX_BACKOFF_MICROS = 20_000;

    private RetriedWrites() {
    }

    /**
     * Runs {@code attempt} until it produces a value. An empty result (a lost claim), a duplicate key (another
     * transaction took the same key first) or a deadlock or lock timeout rolls back and tries again after a
     * jittered back-off, at most {@link #MAX_WRITE_ATTEMPTS} times and for {@link #MAX_WRITE_TIME}; then CONFLICT.
     */
    static <T> T retrying(String what, Supplier<Optional<T>> attempt) {
        Instant deadline = Instant.now().plus(MAX_WRITE_TIME);
        for (int attempts = 1; ; attempts++) {
            RuntimeException lost = null;
            try {
                Optional<T> result = attempt.get();
                if (result.isPresent()) {
                    if (attempts > 1) {
                        LOG.debug("{}: done after {} attempts", what, attempts);
                    }
                    return result.get();
                }
            } catch (RuntimeException e) {
                if (!DatabaseFailures.isDuplicateKey(e) && !DatabaseFailures.isTransientConflict(e)) {
                    throw e;
                }
                lost = e;
            }
            if (attempts >= MAX_WRITE_ATTEMPTS || Instant.now().isAfter(deadline)) {
                LOG.warn("{}: gave up after {} attempts", what, attempts);
                throw PromptException.conflict("the session changed too often meanwhile; please try again");
            }
            WriteRetries.retried(what, attempts, lost);
            backOff(attempts);
        }
    }

    /** A random wait under an exponential ceiling: concurrent losers spread out instead of colliding again. */
    private static void backOff(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF_MICROS, 250L << Math.min(attempt, 10));
        long micros = ThreadLocalRandom.current().nextLong(ceiling / 4, ceiling + 1);
        try {
            Thread.sleep(micros / 1_000, (int) (micros % 1_000) * 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PromptException.conflict("interrupted while waiting to retry a write");
        }
    }
}
