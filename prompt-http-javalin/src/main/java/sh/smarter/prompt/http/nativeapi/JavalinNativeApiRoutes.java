package sh.smarter.prompt.http.nativeapi;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
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
    /** The same chatbot named exactly, for names that several accounts use. */
    private static final String ACCOUNT_CHATBOT = PREFIX + "/accounts/{account_number}/chatbots/{name}";

    /** One served route: method, path in OpenAPI's template syntax (Javalin's too), handler. */
    public record Route(HandlerType method, String path, Handler handler) {
    }

    private final List<Route> routes;

    public JavalinNativeApiRoutes(PromptEngine engine) {
        Objects.requireNonNull(engine, "engine");
        NativeSessions sessions = new NativeSessions(engine);
        NativePrompts prompts = new NativePrompts(engine);
        OpenApiDocument document = OpenApiDocument.load();
        List<Route> all = new ArrayList<>(List.of(
                new Route(HandlerType.GET, OPENAPI_JSON, document::serveJson),
                new Route(HandlerType.GET, OPENAPI_YAML, document::serveYaml)));
        for (String chatbot : List.of(CHATBOT, ACCOUNT_CHATBOT)) {
            String session = chatbot + "/sessions/{session_key}";
            all.addAll(List.of(
                    new Route(HandlerType.GET, chatbot + "/sessions", sessions::list),
                    new Route(HandlerType.GET, session, sessions::read),
                    new Route(HandlerType.DELETE, session, sessions::delete),
                    new Route(HandlerType.GET, session + "/messages", sessions::messages),
                    new Route(HandlerType.GET, session + "/export", sessions::export),
                    new Route(HandlerType.POST, chatbot + "/prompt", prompts::inNewSession),
                    new Route(HandlerType.POST, session + "/prompt", prompts::inSession)));
        }
        this.routes = List.copyOf(all);
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public void addTo(RoutesConfig routesConfig) {
        routes.forEach(route -> routesConfig.addHttpHandler(route.method(), route.path(), route.handler()));
    }
}
