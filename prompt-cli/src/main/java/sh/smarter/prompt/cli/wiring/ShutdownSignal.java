package sh.smarter.prompt.cli.wiring;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When a long-running command ({@code serve}) should stop, and the handshake that lets it close the server and
 * the database pool before the JVM exits. The JVM variant hooks SIGINT/SIGTERM (the JVM's shutdown hooks) the
 * first time somebody waits on it; tests call {@link #request()} themselves.
 */
public final class ShutdownSignal {
    /** How long the JVM's exit waits for the server to close cleanly. */
    private static final Duration CLEANUP_GRACE = Duration.ofSeconds(15);

    private final boolean hooksJvmExit;
    private final AtomicBoolean hookInstalled = new AtomicBoolean();
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private volatile Duration cleanupGrace = CLEANUP_GRACE;

    private ShutdownSignal(boolean hooksJvmExit) {
        this.hooksJvmExit = hooksJvmExit;
    }

    public static ShutdownSignal onJvmExit() {
        return new ShutdownSignal(true);
    }

    /** A signal only {@link #request()} triggers. */
    public static ShutdownSignal manual() {
        return new ShutdownSignal(false);
    }

    /** The command drains for up to {@code drain} before it closes: the JVM's exit waits that much longer. */
    public void allowCleanupFor(Duration drain) {
        cleanupGrace = CLEANUP_GRACE.plus(drain);
    }

    public void request() {
        requested.countDown();
    }

    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Blocks until shutdown is requested. Call {@link #cleanedUp()} once everything is closed. */
    public void await() throws InterruptedException {
        if (hooksJvmExit && hookInstalled.compareAndSet(false, true)) {
            // Installed only by a command that waits: other commands exit without waiting for a cleanup.
            Runtime.getRuntime().addShutdownHook(new Thread(this::requestAndWaitForCleanup, "prompt-shutdown"));
        }
        requested.await();
    }

    /** The waiting command has closed what it opened. */
    public void cleanedUp() {
        cleanedUp.countDown();
    }

    private void requestAndWaitForCleanup() {
        request();
        try {
            cleanedUp.await(cleanupGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
