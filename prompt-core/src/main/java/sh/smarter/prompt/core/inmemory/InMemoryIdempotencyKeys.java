package sh.smarter.prompt.core.inmemory;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import sh.smarter.prompt.core.session.IdempotencyClaim;
import sh.smarter.prompt.core.session.IdempotencyKey;
import sh.smarter.prompt.core.session.TurnStore;
import sh.smarter.prompt.core.session.Turn;

/**
 * The idempotency keys of {@link InMemorySessionStore}, always used under the store's write lock so that marking a
 * key done is atomic with appending its turn.
 */
final class InMemoryIdempotencyKeys {
    private record Slot(long chatbotId, String key) {
    }

    private static final class Held {
        String requestHash;
        String claimId;
        Long sessionId;
        long turnSeq;
        String outcome;
        Instant createdAt;
        Instant leaseUntil;
    }

    private final Map<Slot, Held> bySlot = new HashMap<>();

    IdempotencyClaim claim(long chatbotId, IdempotencyKey key, String requestHash, String turnId, Instant now,
                           Instant leaseUntil) {
        Slot slot = new Slot(chatbotId, key.value());
        Held held = bySlot.get(slot);
        if (held != null && !isExpired(held, now)) {
            if (!held.requestHash.equals(requestHash)) {
                return new IdempotencyClaim.Mismatch();
            }
            if (held.sessionId != null) {
                return new IdempotencyClaim.Done(held.sessionId, held.turnSeq, held.claimId, held.outcome);
            }
            if (held.leaseUntil.isAfter(now)) {
                return new IdempotencyClaim.Running();
            }
            // The holder's lease ran out without a stored turn: it is presumed dead, this attempt takes over.
            held.claimId = turnId;
            held.leaseUntil = leaseUntil;
            return new IdempotencyClaim.Claimed();
        }
        Held fresh = new Held();
        fresh.requestHash = requestHash;
        fresh.claimId = turnId;
        fresh.createdAt = now;
        fresh.leaseUntil = leaseUntil;
        bySlot.put(slot, fresh);
        return new IdempotencyClaim.Claimed();
    }

    boolean renew(long chatbotId, IdempotencyKey key, String turnId, Instant leaseUntil) {
        Held held = running(chatbotId, key, turnId);
        if (held == null) {
            return false;
        }
        held.leaseUntil = leaseUntil;
        return true;
    }

    void release(long chatbotId, IdempotencyKey key, String turnId) {
        if (running(chatbotId, key, turnId) != null) {
            bySlot.remove(new Slot(chatbotId, key.value()));
        }
    }

    /** Throws {@link IdempotencyClaim#lost()} when the turn runs under a key its attempt no longer holds. */
    void checkHeld(Turn turn) {
        if (turn.idempotency() != null && running(turn.chatbotId(), turn.idempotency().key(), turn.id()) == null) {
            throw IdempotencyClaim.lost();
        }
    }

    /** Marks the turn's key done; call after {@link #checkHeld} under the same lock. */
    void complete(Turn turn, long sessionId, long turnSeq) {
        if (turn.idempotency() == null) {
            return;
        }
        Held held = running(turn.chatbotId(), turn.idempotency().key(), turn.id());
        held.sessionId = sessionId;
        held.turnSeq = turnSeq;
        held.outcome = turn.idempotency().outcome();
    }

    void forgetSession(long sessionId) {
        bySlot.values().removeIf(h -> h.sessionId != null && h.sessionId == sessionId);
    }

    void forgetExpired(Instant now) {
        bySlot.values().removeIf(h -> isExpired(h, now));
    }

    private Held running(long chatbotId, IdempotencyKey key, String turnId) {
        Held held = bySlot.get(new Slot(chatbotId, key.value()));
        return held != null && held.sessionId == null && held.claimId.equals(turnId) ? held : null;
    }

    private static boolean isExpired(Held held, Instant now) {
        return held.createdAt.isBefore(now.minus(TurnStore.IDEMPOTENCY_KEY_LIFETIME));
    }
}
