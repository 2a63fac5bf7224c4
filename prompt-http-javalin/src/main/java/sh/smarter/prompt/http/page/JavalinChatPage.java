package sh.smarter.prompt.http.page;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.access.FindChatbotsUseCase;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.resource.ResourceName;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.RouteGroup;

/**
 * The chat page of SPEC 5.5: {@code GET /chat/{name}/} mounts the real {@code @smarter.sh/ui-chat} component
 * against this server's chatbot endpoints, with its script and stylesheet served from the classpath.
 */
public final class JavalinChatPage implements RouteGroup {
    static final Endpoint PAGE = new Endpoint("chat_page", "Chatbot");
    private static final String HTML = "text/html; charset=utf-8";
    /** The page loads only its own assets and talks only to its own origin; inline styles are the component's. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self' data:; "
            + "connect-src 'self'%s; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

    private final FindChatbotsUseCase chatbots;
    private final ChatAssets assets;
    private final String contentSecurityPolicy;

    public JavalinChatPage(PromptEngine engine, HttpSettings settings) {
        this.chatbots = Objects.requireNonNull(engine, "engine").findChatbots();
        this.assets = new ChatAssets(JavalinChatPage.class.getClassLoader());
        // url_chatbot points at the public base URL when one is configured, so the page must be allowed to call it.
        String publicOrigin = settings.publicBaseUrl() == null ? "" : " " + origin(settings.publicBaseUrl());
        this.contentSecurityPolicy = CONTENT_SECURITY_POLICY.formatted(publicOrigin);
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/chat/{name}/", this::page);
        // The exact form for a name several accounts use; /chat/{name}/ shows the chatbot that has held it longest.
        routes.get("/chat/accounts/{account_number}/{name}/", this::page);
        routes.get("/chat/assets/{file}", this::asset);
    }

    private void page(Context ctx) {
        HttpRequests.describe(ctx, PAGE);
        if (!ctx.path().endsWith("/")) {
            // One URL per chat: the component scopes its session cookie to the page's path.
            ctx.redirect(ctx.path() + "/", HttpStatus.MOVED_PERMANENTLY);
            return;
        }
        String name = ctx.pathParam("name");
        String account = ctx.pathParamMap().get("account_number");
        Optional<Chatbot> chatbot = chatbotNamed(account, name);
        ctx.header("Content-Security-Policy", contentSecurityPolicy)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .header("Cache-Control", "no-cache")
                .contentType(HTML);
        if (chatbot.isEmpty()) {
            ctx.status(404).result(ChatPageHtml.notFound(name));
            return;
        }
        // The page talks to the API URL of the same form, so both resolve the name the same way.
        String apiUrl = account == null ? "/api/v1/chatbots/" + chatbot.get().name() + "/"
                : "/api/v1/accounts/" + account + "/chatbots/" + chatbot.get().name() + "/";
        ctx.result(ChatPageHtml.page(chatbot.get().appName(), apiUrl, assets));
    }

    /** The chatbot the page's API calls will find; the API itself decides who may use it. */
    private Optional<Chatbot> chatbotNamed(String account, String name) {
        if (!ResourceName.isValid(name)) {
            return Optional.empty();
        }
        try {
            return Optional.of(chatbots.find(new ChatbotRef(account == null ? null : AccountNumber.parse(account),
                    name)));
        } catch (PromptException e) {
            return Optional.empty();
        }
    }

    private void asset(Context ctx) {
        HttpRequests.describe(ctx, PAGE);
        Optional<ChatAssets.Asset> found = assets.find(ctx.pathParam("file"));
        if (found.isEmpty()) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("no such asset");
            return;
        }
        ChatAssets.Asset asset = found.get();
        String etag = "\"" + asset.version() + "\"";
        // The page links each asset with ?v=<content hash>, so a versioned URL never changes its content.
        boolean versioned = asset.version().equals(ctx.queryParam("v"));
        ctx.header("ETag", etag)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", versioned ? "public, max-age=31536000, immutable" : "no-cache");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
