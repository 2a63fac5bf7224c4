package sh.smarter.prompt.core.inmemory;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/** One read-write lock around an in-memory adapter's state. There is never I/O under it. */
final class Guard {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
