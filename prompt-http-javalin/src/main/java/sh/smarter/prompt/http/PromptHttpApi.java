package sh.smarter.prompt.http;

import java.util.List;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.http.chatbot.JavalinChatbotRoutes;
import sh.smarter.prompt.http.cli.JavalinCliRoutes;
import sh.smarter.prompt.http.health.JavalinHealthRoutes;
import sh.smarter.prompt.http.nativeapi.JavalinNativeApiRoutes;
import sh.smarter.prompt.http.openai.JavalinOpenAiRoutes;
import sh.smarter.prompt.http.page.JavalinChatPage;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.PromptHttpServer;
import sh.smarter.prompt.http.server.RouteGroup;

/** The product's whole HTTP API: every route group on one server. What {@code serve} and embedding programs start. */
public final class PromptHttpApi {
    private PromptHttpApi() {
    }

    public static PromptHttpServer start(PromptEngine engine, HttpSettings settings) {
        return PromptHttpServer.start(engine, settings, routeGroups(engine, settings));
    }

    /** One line per group. */
    public static List<RouteGroup> routeGroups(PromptEngine engine, HttpSettings settings) {
        return List.of(
                new JavalinChatbotRoutes(engine, settings),
                new JavalinChatPage(engine, settings),
                new JavalinCliRoutes(engine, engine.resources(), settings),
                new JavalinNativeApiRoutes(engine),
                new JavalinOpenAiRoutes(engine),
                new JavalinHealthRoutes(engine.sessionStore()));
    }
}
