package sh.smarter.prompt.cli.wiring;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a long-running command ({@code serve}) should stop, and the handshake that lets it close the server and
 * the database pool before the process exits. Tests call {@link #request()} themselves.
 *
 * <p>The JVM variant takes SIGTERM and SIGINT itself once a command asks for it ({@link #takeSignals}, or the
 * first {@link #await}), instead of letting them start the JVM's exit: during that exit every library's shutdown
 * hook runs at once, and H2's closes the embedded database under the turns the server is still draining. So the command drains and closes first and exits after.
 * A second signal during the drain ends the process at once. Where the signals cannot be taken, a shutdown hook
 * stands in, as before.
 */
public final class ShutdownSignal {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignal.class);
    /** How long the JVM's exit waits for the server to close cleanly when the exit did not start here. */
    private static final Duration CLEANUP_GRACE = Duration.ofSeconds(15);
    /** The shell's convention for "ended by signal N". */
    private static final int SIGNALLED = 128;

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

    /**
     * From now on SIGTERM and SIGINT request the stop instead of ending the process. A command that will wait calls
     * this before it opens anything, so that a signal during its start is a stop request too; other commands keep
     * the JVM's own handling of Ctrl+C.
     */
    public void takeSignals() {
        if (!hooksJvmExit || !hookInstalled.compareAndSet(false, true)) {
            return;
        }
        take("TERM");
        take("INT");
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(this::requestAndWaitForCleanup, "prompt-shutdown"));
        } catch (IllegalStateException exitUnderWay) {
            request();
        }
    }

    /** Blocks until shutdown is requested. Call {@link #cleanedUp()} once everything is closed. */
    public void await() throws InterruptedException {
        takeSignals();
        requested.await();
    }

    /** The waiting command has closed what it opened. */
    public void cleanedUp() {
        cleanedUp.countDown();
    }

    /** sun.misc.Signal (module jdk.unsupported) is the JDK's only way to handle a signal without exiting. */
    private void take(String name) {
        try {
            sun.misc.Signal signal = new sun.misc.Signal(name);
            sun.misc.Signal.handle(signal, received -> onSignal(name, SIGNALLED + received.getNumber()));
        } catch (IllegalArgumentException | LinkageError e) {
            // The signal is reserved or ignored here (nohup), or the API is gone: the shutdown hook stands in.
            LOG.debug("SIG{} stays with the JVM's exit: {}", name, e.toString());
        }
    }

    private void onSignal(String name, int exitCode) {
        if (!isRequested()) {
            request();
            return;
        }
        // The operator asked twice: the drain is cut short. Halt, since an exit would wait for this very drain.
        LOG.warn("SIG{} again while stopping: exiting now; requests still in flight are cut off", name);
        Runtime.getRuntime().halt(exitCode);
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
