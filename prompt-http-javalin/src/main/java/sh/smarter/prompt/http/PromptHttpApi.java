package sh.smarter.prompt.http;

import java.util.List;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.http.chatbot.JavalinChatbotRoutes;
import sh.smarter.prompt.http.health.JavalinHealthRoutes;
import sh.smarter.prompt.http.limit.JavalinRateLimits;
import sh.smarter.prompt.http.limit.RateLimitSettings;
import sh.smarter.prompt.http.nativeapi.JavalinNativeApiRoutes;
import sh.smarter.prompt.http.openai.JavalinOpenAiRoutes;
import sh.smarter.prompt.http.page.JavalinChatPage;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.PromptHttpServer;
import sh.smarter.prompt.http.server.RouteGroup;
import sh.smarter.prompt.http.smartercli.JavalinCliRoutes;

/** The product's whole HTTP API: every route group on one server. What {@code serve} and embedding programs start. */
public final class PromptHttpApi {
    private PromptHttpApi() {
    }

    /** With the default rate limits ({@link RateLimitSettings#DEFAULTS}). */
    public static PromptHttpServer start(PromptEngine engine, HttpSettings settings) {
        return start(engine, settings, RateLimitSettings.DEFAULTS);
    }

    public static PromptHttpServer start(PromptEngine engine, HttpSettings settings, RateLimitSettings limits) {
        return start(engine, settings, new JavalinRateLimits(engine.apiKeys(), limits));
    }

    /** With rate limits built by the caller (for example on a clock a test moves). */
    public static PromptHttpServer start(PromptEngine engine, HttpSettings settings, JavalinRateLimits limits) {
        return PromptHttpServer.start(engine, settings, routeGroups(engine, settings, limits));
    }

    /** One line per group. The rate limits come first: they refuse before any other group's work. */
    public static List<RouteGroup> routeGroups(PromptEngine engine, HttpSettings settings, JavalinRateLimits limits) {
        return List.of(
                limits,
                new JavalinChatbotRoutes(engine, settings),
                new JavalinChatPage(engine, settings),
                new JavalinCliRoutes(engine, engine.resources(), settings),
                new JavalinNativeApiRoutes(engine),
                new JavalinOpenAiRoutes(engine),
                new JavalinHealthRoutes(engine.health()));
    }
}
