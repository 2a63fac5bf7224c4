package sh.smarter.prompt.http.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's side of a graceful stop: what a request sees while the server drains, and the drain itself. */
final class GracefulStop {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);
    private static final Endpoint READY = new Endpoint("ready", "Server");
    private static final Endpoint ANY = new Endpoint("request", "Server");
    /** How long a stopping server lets its connections finish writing before it closes them. */
    static final Duration CONNECTION_CLOSE_WAIT = Duration.ofSeconds(5);
    /**
     * The request logger, which counts a request out, runs just before Jetty completes the response; the drain
     * waits this much more so the last answers leave before the connections close.
     */
    private static final Duration LAST_WRITES = Duration.ofMillis(250);

    private GracefulStop() {
    }

    /**
     * While draining, {@code /ready} says "stopping" (503) so the load balancer takes this instance out, and every
     * new request except {@code /health} and {@code /metrics} gets 503 with {@code Connection: close}, so that its
     * client retries on another instance. Returns whether the request was answered here.
     */
    static boolean refuseWhileDraining(Context ctx, RequestDrain drain) {
        if (!drain.draining()) {
            return false;
        }
        String path = ctx.path();
        if (path.equals("/health") || path.equals("/metrics")) {
            return false;
        }
        ctx.header("Retry-After", "1");
        ctx.header("Connection", "close");
        Endpoint endpoint = path.equals("/ready") ? READY : ANY;
        var body = ErrorEnvelope.of(503, "SmarterShuttingDown", "the server is shutting down; retry, another "
                + "instance will answer", endpoint, path, HttpRequests.requestId(ctx));
        if (path.equals("/ready")) {
            body.put("status", "stopping");
        }
        HttpRequests.sendJson(ctx, 503, body);
        return true;
    }

    static void drainThenStop(Javalin app, RequestDrain drain, Duration grace) throws InterruptedException {
        drain.startDraining();
        int running = drain.inFlight();
        LOG.info("stopping: /ready answers 503; waiting up to {} ms for {} request(s) in flight", grace.toMillis(),
                running);
        long start = System.nanoTime();
        int left;
        try {
            left = drain.awaitIdle(grace);
            Thread.sleep(LAST_WRITES.toMillis());
        } finally {
            app.stop();
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        if (left > 0) {
            LOG.warn("stopped after the {} ms grace period with {} request(s) still running; they were cut off",
                    grace.toMillis(), left);
        } else {
            LOG.info("stopped: every request in flight finished ({} ms)", took);
        }
    }
}
