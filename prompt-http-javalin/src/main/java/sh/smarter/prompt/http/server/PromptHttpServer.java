package sh.smarter.prompt.http.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.LimitReachedException;
import sh.smarter.prompt.core.error.PromptException;

/**
 * The HTTP server: Javalin with the product's cross-cutting rules — request ids on every response and log line,
 * the error envelope with no stack traces, CORS, the body size limit, virtual threads where the JVM has them —
 * and the route groups that make up the API.
 */
public final class PromptHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PromptHttpServer.class);
    /** A refused body is read and dropped up to this many times the limit (see {@link #drain}). */
    private static final long DRAINED_BODY_LIMIT = 4;
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");
    public static final String MDC_REQUEST_ID = "requestId";
    /** Connections waiting to be accepted; the kernel caps it at net.core.somaxconn (4096 on most systems). */
    private static final int ACCEPT_QUEUE_SIZE = 4096;

    private static final String COUNTED_IN_FLIGHT = "smarter.inFlight";

    private final Javalin app;
    private final HttpSettings settings;
    private final RequestDrain drain;

    private PromptHttpServer(Javalin app, HttpSettings settings, RequestDrain drain) {
        this.app = app;
        this.settings = settings;
        this.drain = drain;
    }

    /** Starts a server with the given route groups (see {@code PromptHttpApi} for the product's full set). */
    public static PromptHttpServer start(PromptEngine engine, HttpSettings settings, List<RouteGroup> groups) {
        Objects.requireNonNull(engine, "engine");
        Cors cors = new Cors(settings.allowedOrigins(), engine.findChatbots());
        RequestDrain drain = new RequestDrain();
        Javalin app = Javalin.create(config -> configure(config, settings, cors, groups, drain));
        app.start(settings.host(), settings.port());
        LOG.info("HTTP server listening on {}:{}", settings.host(), app.port());
        return new PromptHttpServer(app, settings, drain);
    }

    private static void configure(JavalinConfig config, HttpSettings settings, Cors cors, List<RouteGroup> groups,
                                  RequestDrain drain) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        // Javalin falls back to platform threads on JVMs without virtual threads (Java 17).
        config.concurrency.useVirtualThreads = true;
        config.http.maxRequestSize = settings.maxRequestBytes();
        config.http.defaultContentType = "application/json";
        // Requests Jetty refuses before any route (oversized headers, broken framing) get the envelope too.
        config.jetty.modifyServer(server -> {
            server.setErrorHandler(new EnvelopeErrorHandler());
            // On stop, connections finish writing what they have (the last answers of a drain) before they close.
            server.setStopTimeout(GracefulStop.CONNECTION_CLOSE_WAIT.toMillis());
        });
        // Javalin makes its default connector only when none is configured; that one listens with the JDK's default
        // backlog of 50 waiting connections, and a burst of new clients (250 at once in bench/run) overflowed it.
        config.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            connector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
            return connector;
        });
        // The request logger runs after the "after" handlers have cleared the MDC, so it sets the id again.
        config.requestLogger.http((ctx, millis) -> {
            if (ctx.attribute(COUNTED_IN_FLIGHT) != null) {
                drain.leave();
            }
            MDC.put(MDC_REQUEST_ID, HttpRequests.requestId(ctx));
            try {
                LOG.atInfo().addKeyValue("method", ctx.method().name()).addKeyValue("path", ctx.path())
                        .addKeyValue("status", ctx.statusCode()).addKeyValue("durationMs", Math.round(millis))
                        .log("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(millis));
            } finally {
                MDC.remove(MDC_REQUEST_ID);
            }
        });

        config.routes.before(ctx -> {
            String id = requestIdFor(ctx);
            ctx.attribute(HttpRequests.REQUEST_ID, id);
            ctx.header("X-Request-Id", id);
            MDC.put(MDC_REQUEST_ID, id);
            HttpRequests.resolveClient(ctx, settings.trustedProxies());
            if (GracefulStop.refuseWhileDraining(ctx, drain)) {
                ctx.skipRemainingHandlers();
                return;
            }
            drain.enter();
            ctx.attribute(COUNTED_IN_FLIGHT, true);
            refuseOversizedBody(ctx, settings.maxRequestBytes());
            if (cors.handle(ctx)) {
                ctx.skipRemainingHandlers();
            }
        });
        config.routes.after(ctx -> MDC.remove(MDC_REQUEST_ID));

        config.routes.exception(PromptException.class, (e, ctx) -> {
            if (answeredByGroup(groups, ctx, e)) {
                return;
            }
            int status = e instanceof HttpRequests.UnsupportedMediaType ? 415 : ErrorEnvelope.statusOf(e.kind());
            if (status >= 500 && e.kind() == ErrorKind.STORAGE_UNAVAILABLE) {
                // A database that went away is expected in operations: one line with its cause, the trace at DEBUG.
                LOG.warn("{} {} failed: {} {} ({})", ctx.method(), ctx.path(), e.errorClass(), e.getMessage(),
                        DatabaseCause.of(e));
                LOG.debug("the database failure in full", e);
            } else if (status >= 500) {
                LOG.warn("{} {} failed: {} {}", ctx.method(), ctx.path(), e.errorClass(), e.getMessage(), e);
            }
            if (status == 503) {
                ctx.header("Retry-After", "5");
            }
            if (e instanceof LimitReachedException limit) {
                ctx.header("Retry-After", String.valueOf(limit.retryAfterSeconds()));
            }
            HttpRequests.sendJson(ctx, status, ErrorEnvelope.of(status, e.errorClass(), e.getMessage(),
                    HttpRequests.endpointOf(ctx), ctx.path(), HttpRequests.requestId(ctx)));
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (answeredByGroup(groups, ctx, e)) {
                return;
            }
            int status = e.getStatus();
            String message = status == 413
                    ? "the request body is larger than " + settings.maxRequestBytes() + " bytes"
                    : HttpRequests.clip(String.valueOf(e.getMessage()), 200);
            HttpRequests.sendJson(ctx, status, ErrorEnvelope.of(status, "SmarterHttpError", message,
                    HttpRequests.endpointOf(ctx), ctx.path(), HttpRequests.requestId(ctx)));
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            if (answeredByGroup(groups, ctx, e)) {
                return;
            }
            String id = HttpRequests.requestId(ctx);
            LOG.error("{} {} failed unexpectedly (request {})", ctx.method(), ctx.path(), id, e);
            HttpRequests.sendJson(ctx, 500, ErrorEnvelope.of(500, "SmarterInternalError",
                    "internal error; the server log has the details under request id " + id,
                    HttpRequests.endpointOf(ctx), ctx.path(), id));
        });
        config.routes.error(404, "*", ctx -> {
            if (ctx.result() == null) {
                HttpRequests.sendJson(ctx, 404, ErrorEnvelope.of(404, "SmarterNotFound", "no such endpoint: "
                        + ctx.method() + " " + HttpRequests.clip(ctx.path(), 200), HttpRequests.endpointOf(ctx),
                        ctx.path(), HttpRequests.requestId(ctx)));
            }
        });
        config.routes.error(405, "*", ctx -> HttpRequests.sendJson(ctx, 405, ErrorEnvelope.of(405,
                "SmarterMethodNotAllowed", ctx.method() + " is not allowed on " + HttpRequests.clip(ctx.path(), 200),
                HttpRequests.endpointOf(ctx), ctx.path(), HttpRequests.requestId(ctx))));
        config.http.prefer405over404 = true;
        for (RouteGroup group : groups) {
            group.addTo(config.routes);
        }
    }

    /** A group whose paths speak another protocol (OpenAI's) answers their errors in that protocol's shape. */
    private static boolean answeredByGroup(List<RouteGroup> groups, Context ctx, Exception e) {
        return groups.stream().anyMatch(group -> group.answerError(ctx, e));
    }

    /** A client's own X-Request-Id is kept when it looks like an id, so logs can be joined across services. */
    private static String requestIdFor(Context ctx) {
        String given = ctx.header("X-Request-Id");
        if (given != null && CLIENT_REQUEST_ID.matcher(given).matches()) {
            return given;
        }
        return UUID.randomUUID().toString();
    }

    private static void refuseOversizedBody(Context ctx, long max) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            if (declared <= DRAINED_BODY_LIMIT * max) {
                drain(ctx);
            }
            throw new HttpResponseException(413, "request body too large");
        }
    }

    /**
     * Reads a refused body and drops it. Answering while the client still sends, then closing, leaves unread bytes
     * that make the kernel reset the connection, and the client may lose the 413 to that reset (a browser shows a
     * network error instead of the message). A body far over the limit is not read: the client gets the 413 if the
     * reset spares it.
     */
    private static void drain(Context ctx) {
        try {
            ctx.req().getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The client went away or stalled past the idle timeout; the 413 follows anyway.
            LOG.debug("could not read a refused request body: {}", e.toString());
        }
    }

    public int port() {
        return app.port();
    }

    /** The URL of this server as seen from this machine, ending with "/". */
    public String localUrl() {
        String host = settings.host().equals("0.0.0.0") ? "127.0.0.1" : settings.host();
        return "http://" + host + ":" + port() + "/";
    }

    public void stop() {
        app.stop();
    }

    /**
     * Stops the way a deploy wants: {@code /ready} answers 503 at once and new requests are turned away, the
     * requests in flight (prompts waiting on their provider, streamed answers) run to their end for up to
     * {@code grace}, then the server stops.
     */
    public void stopGracefully(Duration grace) throws InterruptedException {
        GracefulStop.drainThenStop(app, drain, grace);
    }

    @Override
    public void close() {
        stop();
    }
}
