package sh.smarter.prompt.http.server;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests in flight, and the drain before a stop: once draining, {@code /ready} answers 503 and new requests
 * are turned away with 503, while the ones already running (a prompt waiting on its provider, a streamed answer)
 * go on until they finish or the grace period ends.
 */
final class RequestDrain {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int inFlight;
    private volatile boolean draining;

    boolean draining() {
        return draining;
    }

    void enter() {
        lock.lock();
        try {
            inFlight++;
        } finally {
            lock.unlock();
        }
    }

    void leave() {
        lock.lock();
        try {
            inFlight--;
            if (inFlight <= 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    void startDraining() {
        draining = true;
    }

    /** Waits until no request is in flight or {@code grace} is over; returns how many are still running. */
    int awaitIdle(Duration grace) throws InterruptedException {
        long remaining = grace.toNanos();
        lock.lock();
        try {
            while (inFlight > 0 && remaining > 0) {
                remaining = idle.awaitNanos(remaining);
            }
            return inFlight;
        } finally {
            lock.unlock();
        }
    }
}
