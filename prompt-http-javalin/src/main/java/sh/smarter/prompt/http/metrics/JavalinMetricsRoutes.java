package sh.smarter.prompt.http.metrics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.RouteGroup;

/**
 * {@code GET /metrics} for Prometheus. With a token, a scrape must send {@code Authorization: Bearer TOKEN}
 * (Prometheus' {@code authorization} setting); without one the endpoint is open to whoever reaches the port.
 */
public final class JavalinMetricsRoutes implements RouteGroup {
    private static final Endpoint METRICS = new Endpoint("metrics", "Server");

    private final PrometheusMetrics metrics;
    private final byte[] token;

    /** @param token the bearer token a scrape must send, or null for none */
    public JavalinMetricsRoutes(PrometheusMetrics metrics, String token) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        HttpRequests.describe(ctx, METRICS);
        if (token != null && !authorized(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw PromptException.unauthenticated("/metrics needs the metrics token as Authorization: Bearer TOKEN");
        }
        ctx.status(200).contentType(PrometheusMetrics.CONTENT_TYPE).result(metrics.scrape());
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Constant time, so the comparison does not tell how much of a guess was right.
        return MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }
}
