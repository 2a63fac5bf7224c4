package sh.smarter.prompt.http.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.health.CheckHealthUseCase;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.ErrorEnvelope;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.RouteGroup;

/**
 * Liveness and readiness for load balancers and orchestrators: {@code /health} says the process answers,
 * {@code /ready} says it can serve prompts now, which needs the database.
 */
public final class JavalinHealthRoutes implements RouteGroup {
    private static final Logger LOG = LoggerFactory.getLogger(JavalinHealthRoutes.class);
    private static final Endpoint HEALTH = new Endpoint("health", "Server");
    private static final Endpoint READY = new Endpoint("ready", "Server");

    private final CheckHealthUseCase health;

    public JavalinHealthRoutes(CheckHealthUseCase health) {
        this.health = Objects.requireNonNull(health, "health");
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/health", this::health);
        routes.get("/ready", this::ready);
    }

    private void health(Context ctx) {
        HttpRequests.describe(ctx, HEALTH);
        HttpRequests.sendJson(ctx, 200, HttpJson.object().put("status", "ok"));
    }

    private void ready(Context ctx) {
        HttpRequests.describe(ctx, READY);
        if (isReachable(health)) {
            HttpRequests.sendJson(ctx, 200, HttpJson.object().put("status", "ready").put("database", "reachable"));
            return;
        }
        // The error envelope's fields too, so clients that only know the envelope still read why.
        ObjectNode body = HttpJson.object().put("status", "not_ready").put("database", "unreachable");
        body.setAll(ErrorEnvelope.of(503, "SmarterStorageUnavailable", "the database is not reachable", READY,
                ctx.path(), HttpRequests.requestId(ctx)));
        ctx.header("Retry-After", "5");
        HttpRequests.sendJson(ctx, 503, body);
    }

    /** Whether the storage answers; a storage that throws instead of answering false is just as unreachable. */
    public static boolean isReachable(CheckHealthUseCase health) {
        try {
            return health.storageReachable();
        } catch (RuntimeException e) {
            LOG.warn("readiness check failed: {}", e.toString());
            return false;
        }
    }
}
