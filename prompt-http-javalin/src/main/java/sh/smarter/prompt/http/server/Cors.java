package sh.smarter.prompt.http.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.smarter.prompt.core.access.FindChatbotsUseCase;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;

/**
 * Cross-origin rules (SPEC 5.2). An origin is allowed when it is this server's own, listed server-wide, or listed by
 * the chatbot the path names. Allowed origins are echoed with credentials allowed; refused preflights get a 403
 * without CORS headers, so the browser blocks the call.
 */
final class Cors {
    static final String ALLOWED_HEADERS = "authorization, content-type, accept, x-csrftoken, x-requested-with";
    private static final Pattern CHATBOT_PATH =
            Pattern.compile("^/api/v1/(?:accounts/([^/]+)/)?chatbots/([^/]+)/");

    private final List<String> serverOrigins;
    private final FindChatbotsUseCase chatbots;

    Cors(List<String> serverOrigins, FindChatbotsUseCase chatbots) {
        this.serverOrigins = serverOrigins.stream().map(Cors::normalise).toList();
        this.chatbots = chatbots;
    }

    /** Adds CORS headers; answers preflights itself. Returns true when the request is fully handled. */
    boolean handle(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.isBlank()) {
            return false;
        }
        boolean allowed = isAllowed(normalise(origin), ctx);
        boolean preflight = HandlerType.OPTIONS.equals(ctx.method())
                && ctx.header("Access-Control-Request-Method") != null;
        ctx.header("Vary", "Origin");
        if (allowed) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Allow-Credentials", "true");
            ctx.header("Access-Control-Expose-Headers", "X-Request-Id, X-Smarter-Session-Key");
        }
        if (!preflight) {
            return false;
        }
        if (allowed) {
            ctx.header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
            ctx.header("Access-Control-Allow-Headers", allowedHeaders(ctx.header("Access-Control-Request-Headers")));
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
        } else {
            HttpRequests.sendJson(ctx, 403, ErrorEnvelope.of(403, "SmarterCorsRefused", "origin " +
                    HttpRequests.clip(origin, 100) + " is not allowed", Endpoint.UNKNOWN, ctx.path(),
                    HttpRequests.requestId(ctx)));
        }
        return true;
    }

    /** The fixed list plus any x-smarter-* headers (and the x-stainless-* of OpenAI's SDKs) the browser asks for. */
    private static String allowedHeaders(String requested) {
        StringBuilder headers = new StringBuilder(ALLOWED_HEADERS);
        if (requested != null) {
            for (String header : requested.split(",")) {
                String h = header.strip().toLowerCase(Locale.ROOT);
                if ((h.startsWith("x-smarter-") || h.startsWith("x-stainless-")) && h.matches("[a-z0-9-]{1,64}")) {
                    headers.append(", ").append(h);
                }
            }
        }
        return headers.toString();
    }

    private boolean isAllowed(String origin, Context ctx) {
        if (origin.equals(normalise(HttpRequests.scheme(ctx) + "://" + ctx.host()))) {
            return true;
        }
        if (serverOrigins.contains("*") || serverOrigins.contains(origin)) {
            return true;
        }
        return chatbotNamedIn(ctx.path())
                .map(chatbot -> chatbot.allowedOrigins().stream().map(Cors::normalise).anyMatch(origin::equals))
                .orElse(false);
    }

    /**
     * The one chatbot the path resolves to, by the same rule as every endpoint (a preflight carries no key), so
     * that another account's chatbot of the same name never widens or narrows who may call this one.
     */
    private Optional<Chatbot> chatbotNamedIn(String path) {
        Matcher m = CHATBOT_PATH.matcher(path);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            AccountNumber account = m.group(1) == null ? null : AccountNumber.parse(m.group(1));
            return Optional.of(chatbots.find(new ChatbotRef(account, m.group(2))));
        } catch (PromptException e) {
            return Optional.empty(); // an unknown chatbot or malformed name allows no extra origin
        }
    }

    private static String normalise(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
