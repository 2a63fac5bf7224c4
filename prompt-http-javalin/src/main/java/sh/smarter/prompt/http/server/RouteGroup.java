package sh.smarter.prompt.http.server;

import io.javalin.config.RoutesConfig;

/** One area of the HTTP API that adds its routes to the server (chatbot endpoints, CLI endpoints, ...). */
@FunctionalInterface
public interface RouteGroup {
    void addTo(RoutesConfig routes);
}
