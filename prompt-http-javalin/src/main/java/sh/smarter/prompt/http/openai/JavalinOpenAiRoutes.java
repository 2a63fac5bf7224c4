package sh.smarter.prompt.http.openai;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.RouteGroup;

/**
 * OpenAI's chat-completions protocol under {@value #PREFIX}, so that any OpenAI client (the official SDKs,
 * LangChain4j, Spring AI, Open WebUI...) pointed at {@code http://host:port/v1} talks to a chatbot, with the
 * conversation kept on the server. Every error answers in OpenAI's error shape, with the status its clients expect.
 */
public final class JavalinOpenAiRoutes implements RouteGroup {
    public static final String PREFIX = "/v1";
    private static final Logger LOG = LoggerFactory.getLogger(JavalinOpenAiRoutes.class);

    /** One served route: method, path in OpenAPI's template syntax, handler. */
    public record Route(HandlerType method, String path, Handler handler) {
    }

    private final List<Route> routes;

    public JavalinOpenAiRoutes(PromptEngine engine) {
        Objects.requireNonNull(engine, "engine");
        OpenAiModels models = new OpenAiModels(engine);
        OpenAiCompletions completions = new OpenAiCompletions(engine);
        this.routes = List.of(
                new Route(HandlerType.GET, PREFIX + "/models", models::list),
                new Route(HandlerType.POST, PREFIX + "/chat/completions", completions::create));
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public void addTo(RoutesConfig routesConfig) {
        routes.forEach(route -> routesConfig.addHttpHandler(route.method(), route.path(), route.handler()));
    }

    /** Every failure of a request under {@value #PREFIX}, a rate limit's or the body limit's too, in OpenAI's shape. */
    @Override
    public boolean answerError(Context ctx, Exception failure) {
        if (!ctx.path().startsWith(PREFIX + "/")) {
            return false;
        }
        send(ctx, errorOf(ctx, failure));
        return true;
    }

    /** Any failure as OpenAI's clients expect it; unexpected ones are logged under the request id. */
    static OpenAiError errorOf(Context ctx, Exception e) {
        if (e instanceof OpenAiError.Failure failure) {
            return failure.error();
        }
        if (e instanceof HttpRequests.UnsupportedMediaType unsupported) {
            return new OpenAiError(415, unsupported.getMessage(), "invalid_request_error", null, null);
        }
        if (e instanceof PromptException known) {
            OpenAiError error = OpenAiError.of(known);
            if (error.status() >= 500) {
                LOG.warn("{} {} failed: {} {}", ctx.method(), ctx.path(), known.errorClass(), known.getMessage(),
                        known.kind() == ErrorKind.STORAGE_UNAVAILABLE ? null : known);
            }
            return error;
        }
        if (e instanceof HttpResponseException http) {
            return new OpenAiError(http.getStatus(), http.getStatus() == 413 ? "the request body is too large"
                    : String.valueOf(http.getMessage()), "invalid_request_error", null, null);
        }
        String id = HttpRequests.requestId(ctx);
        LOG.error("{} {} failed unexpectedly (request {})", ctx.method(), ctx.path(), id, e);
        return new OpenAiError(500, "internal error; the server log has the details under request id " + id,
                "server_error", null, null);
    }

    /** Answers a failure that happened before this group's handlers ran (a rate limit) in OpenAI's shape. */
    public static void answer(Context ctx, Exception e) {
        send(ctx, errorOf(ctx, e));
    }

    static void send(Context ctx, OpenAiError error) {
        if (error.status() == 503) {
            ctx.header("Retry-After", "5");
        }
        HttpRequests.sendJson(ctx, error.status(), error.toJson());
    }
}
