package sh.smarter.prompt.providers.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Small helpers shared by the HTTP adapters. */
public final class HttpExchanges {
    /** Interrupts callers whose exchange outlives its deadline; one daemon thread for every client. */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private HttpExchanges() {
    }

    /**
     * Sends a request and waits for the whole answer (headers and body) at most {@code deadline}: unlike
     * {@link HttpRequest#timeout()}, which only covers the wait for the headers, a body that stalls is cut too.
     * The exchange is cancelled when the deadline passes or the caller is interrupted.
     *
     * <p>The caller's thread waits in {@link HttpClient#send}, which the JDK cancels when that thread is
     * interrupted; the deadline is such an interrupt. {@code sendAsync} would hand every answer to one more thread
     * (the JDK completes it "asynchronously" in CompletableFuture's default pool, which on a machine of one or two
     * cores starts a new thread per task) before the caller sees it.
     *
     * @throws HttpTimeoutException when the deadline passed
     */
    public static <T> HttpResponse<T> send(HttpClient client, HttpRequest request,
                                           HttpResponse.BodyHandler<T> handler, Duration deadline)
            throws IOException, InterruptedException {
        Watchdog watchdog = new Watchdog(Thread.currentThread());
        ScheduledFuture<?> alarm = DEADLINES.schedule(watchdog::fire, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return client.send(request, handler);
        } catch (InterruptedException e) {
            if (watchdog.fired()) {
                throw new HttpTimeoutException("no complete answer within " + describe(deadline));
            }
            throw e;
        } finally {
            alarm.cancel(false);
            watchdog.disarm();
        }
    }

    /** Runs {@code alarm} once {@code deadline} has passed, unless the returned future is cancelled first. */
    static ScheduledFuture<?> atDeadline(Duration deadline, Runnable alarm) {
        return DEADLINES.schedule(alarm, deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "http-exchange-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // Nearly every alarm is cancelled long before it is due: keep only the ones that may still ring.
        deadlines.setRemoveOnCancelPolicy(true);
        return deadlines;
    }

    /**
     * The deadline's interrupt, delivered only while the exchange runs: once the caller disarms it, the alarm can
     * no longer interrupt the thread, and an interrupt it already delivered is taken back.
     */
    private static final class Watchdog {
        private final Thread caller;
        private boolean armed = true;
        private boolean fired;

        Watchdog(Thread caller) {
            this.caller = caller;
        }

        synchronized void fire() {
            if (armed) {
                fired = true;
                caller.interrupt();
            }
        }

        synchronized boolean fired() {
            return fired;
        }

        synchronized void disarm() {
            armed = false;
            if (fired) {
                Thread.interrupted(); // the deadline's interrupt, if send returned before it was seen
            }
        }
    }

    /** Plain HTTP goes out as HTTP/1.1: an h2c upgrade attempt confuses some local servers and proxies. */
    public static HttpClient.Version versionFor(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
    }

    /** "60 s", "1.5 s" or "250 ms": durations as people write them in messages. */
    public static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s",
                millis / 1000.0);
    }

    /** The most useful words about a transport failure: its message, or its type when it has none. */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
