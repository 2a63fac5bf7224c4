package sh.smarter.prompt.http.nativeapi;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Objects;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.http.server.RouteGroup;

/**
 * The native API under {@value #PREFIX} (SPEC 5.4): cursor-paged sessions, message pages, export, delete, and
 * prompts with real status codes, optionally streamed as Server-Sent Events. {@link #routes()} is the one list
 * of what is served; a test holds it against the OpenAPI document served at {@value #OPENAPI_JSON}.
 */
public final class JavalinNativeApiRoutes implements RouteGroup {
    public static final String PREFIX = "/api/v2";
    public static final String OPENAPI_JSON = PREFIX + "/openapi.json";
    public static final String OPENAPI_YAML = PREFIX + "/openapi.yaml";
    private static final String CHATBOT = PREFIX + "/chatbots/{name}";
    private static final String SESSION = CHATBOT + "/sessions/{session_key}";

    /** One served route: method, path in OpenAPI's template syntax (Javalin's too), handler. */
    public record Route(HandlerType method, String path, Handler handler) {
    }

    private final List<Route> routes;

    public JavalinNativeApiRoutes(PromptEngine engine) {
        Objects.requireNonNull(engine, "engine");
        NativeSessions sessions = new NativeSessions(engine);
        NativePrompts prompts = new NativePrompts(engine);
        OpenApiDocument document = OpenApiDocument.load();
        this.routes = List.of(
                new Route(HandlerType.GET, OPENAPI_JSON, document::serveJson),
                new Route(HandlerType.GET, OPENAPI_YAML, document::serveYaml),
                new Route(HandlerType.GET, CHATBOT + "/sessions", sessions::list),
                new Route(HandlerType.GET, SESSION, sessions::read),
                new Route(HandlerType.DELETE, SESSION, sessions::delete),
                new Route(HandlerType.GET, SESSION + "/messages", sessions::messages),
                new Route(HandlerType.GET, SESSION + "/export", sessions::export),
                new Route(HandlerType.POST, CHATBOT + "/prompt", prompts::inNewSession),
                new Route(HandlerType.POST, SESSION + "/prompt", prompts::inSession));
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public void addTo(RoutesConfig routesConfig) {
        routes.forEach(route -> routesConfig.addHttpHandler(route.method(), route.path(), route.handler()));
    }
}
