package sh.smarter.prompt.http.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** One area of the HTTP API that adds its routes to the server (chatbot endpoints, CLI endpoints, ...). */
@FunctionalInterface
public interface RouteGroup {
    void addTo(RoutesConfig routes);

    /**
     * Answers a failure in this group's own error shape, when the request is one of its paths; false leaves it to
     * the server's envelope. Called for failures anywhere in the request, "before" handlers included.
     */
    default boolean answerError(Context ctx, Exception failure) {
        return false;
    }
}
