package sh.smarter.prompt.core.prompt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.session.IdempotencyClaim;
import sh.smarter.prompt.core.session.IdempotencyKey;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.StoredTurn;
import sh.smarter.prompt.core.session.TurnStore;

/**
 * Runs a prompt at most once per idempotency key, across any number of server instances: the key is claimed in the
 * database before the provider is called, and marked done in the transaction that stores the turn.
 *
 * <ul>
 *   <li>A key nobody holds: this attempt claims it, runs the turn and stores it.</li>
 *   <li>A key whose turn is stored: the stored turn is the answer; neither the provider nor the store is called.</li>
 *   <li>A key another attempt is running: this one waits for it (polling the key) and then answers with its turn.
 *       The running attempt renews a short lease while it runs; if it dies, its lease runs out and the waiting
 *       attempt takes the key over and runs the turn itself.</li>
 *   <li>A key used with a different request: refused, nothing runs.</li>
 * </ul>
 */
final class IdempotentTurns {
    private static final System.Logger LOG = System.getLogger(IdempotentTurns.class.getName());

    /** How long a claim lasts without renewal: how soon a dead attempt's key can be taken over. */
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration RENEW_EVERY = Duration.ofSeconds(10);
    /** The longest a retry waits for the attempt that holds its key before it answers 409. */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final long FIRST_POLL_MILLIS = 50;
    private static final long MAX_POLL_MILLIS = 500;

    /** Renews leases and releases keys of failed attempts off the request thread; one daemon thread for all. */
    private static final ScheduledExecutorService BACKGROUND = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "idempotency-keys");
        thread.setDaemon(true);
        return thread;
    });

    /** Runs the turn with a given id under a key (PromptService). */
    @FunctionalInterface
    interface TurnRunner {
        PromptResult run(PromptCommand command, PromptStreamListener listener, String turnId, IdempotencyKey key);
    }

    private final TurnStore sessions;
    private final ChatbotLookup lookup;
    private final Clock clock;
    private final TurnRunner runner;

    IdempotentTurns(TurnStore sessions, ChatbotLookup lookup, Clock clock, TurnRunner runner) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    PromptResult handle(Chatbot chatbot, PromptCommand command, Idempotency idempotency,
                        PromptStreamListener listener) {
        IdempotencyKey key = idempotency.key();
        long waitUntil = System.nanoTime() + MAX_WAIT.toNanos();
        long pollMillis = FIRST_POLL_MILLIS;
        while (true) {
            String turnId = UUID.randomUUID().toString();
            Instant now = clock.instant();
            IdempotencyClaim claim = sessions.claimIdempotencyKey(chatbot.id(), key, idempotency.requestHash(), turnId,
                    now, now.plus(LEASE));
            if (claim instanceof IdempotencyClaim.Mismatch) {
                throw PromptException.unprocessable("this Idempotency-Key was used for a different request in the"
                        + " last 24 hours (another body, endpoint, session or caller); send a new key for a new"
                        + " request");
            }
            if (claim instanceof IdempotencyClaim.Done done) {
                return replay(chatbot, done, listener);
            }
            if (claim instanceof IdempotencyClaim.Claimed) {
                try {
                    return runClaimed(chatbot, command, key, turnId, listener);
                } catch (PromptException e) {
                    if (!IdempotencyClaim.LOST.equals(e.errorClass())) {
                        throw e;
                    }
                    LOG.log(System.Logger.Level.INFO, "idempotency key {0}: another attempt took it over", key);
                }
            }
            if (System.nanoTime() > waitUntil) {
                throw PromptException.conflict("a request with this Idempotency-Key is still running; try again"
                        + " later with the same key");
            }
            sleep(pollMillis);
            pollMillis = Math.min(MAX_POLL_MILLIS, pollMillis * 2);
        }
    }

    private PromptResult runClaimed(Chatbot chatbot, PromptCommand command, IdempotencyKey key, String turnId,
                                    PromptStreamListener listener) {
        ScheduledFuture<?> renewal = BACKGROUND.scheduleWithFixedDelay(() -> renew(chatbot.id(), key, turnId),
                RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return runner.run(command, listener, turnId, key);
        } catch (RuntimeException e) {
            if (!(e instanceof PromptException p && IdempotencyClaim.LOST.equals(p.errorClass()))) {
                // Nothing was stored (or a stored turn keeps its key: releasing only drops an unfinished claim).
                // Off this thread, so that an unreachable database does not hold up the error answer.
                BACKGROUND.execute(() -> release(chatbot.id(), key, turnId));
            }
            throw e;
        } finally {
            renewal.cancel(false);
        }
    }

    private PromptResult replay(Chatbot chatbot, IdempotencyClaim.Done done, PromptStreamListener listener) {
        StoredTurn stored = sessions.findTurn(done.sessionId(), done.turnSeq(), done.turnId())
                .orElseThrow(() -> PromptException.notFound("the turn of this Idempotency-Key was deleted"));
        PromptResult result = TurnReplay.result(chatbot, stored, done.outcome(), lookup);
        try {
            listener.onSession(result.session());
            for (Message message : result.messages()) {
                if (message.role() != Role.USER) {
                    listener.onMessage(message.draft());
                }
            }
        } catch (RuntimeException clientGone) {
            LOG.log(System.Logger.Level.DEBUG, "listener of a replayed turn failed", clientGone);
        }
        return result;
    }

    private void renew(long chatbotId, IdempotencyKey key, String turnId) {
        try {
            sessions.renewIdempotencyKey(chatbotId, key, turnId, clock.instant().plus(LEASE));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not renew idempotency key " + key, e);
        }
    }

    private void release(long chatbotId, IdempotencyKey key, String turnId) {
        try {
            sessions.releaseIdempotencyKey(chatbotId, key, turnId);
        } catch (RuntimeException e) {
            // The lease runs out by itself; a retry then takes the key over.
            LOG.log(System.Logger.Level.DEBUG, "could not release idempotency key " + key, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PromptException.conflict("interrupted while waiting for a request with the same Idempotency-Key");
        }
    }
}
