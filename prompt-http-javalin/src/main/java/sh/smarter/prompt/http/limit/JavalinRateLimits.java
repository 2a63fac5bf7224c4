package sh.smarter.prompt.http.limit;

import io.github.bucket4j.TimeMeter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import sh.smarter.prompt.core.access.Credential;
import sh.smarter.prompt.core.access.ManageApiKeysUseCase;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.error.LimitReachedException;
import sh.smarter.prompt.http.openai.JavalinOpenAiRoutes;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.RouteGroup;

/**
 * Rate limits, checked before any handler runs: a refused request gets 429 with {@code Retry-After} in the error
 * envelope, and nothing behind it runs — no session is created, no message stored, no provider called.
 *
 * <p>The limits live in the HTTP layer because their keys are HTTP facts (the client address, the session key in
 * the URL, the Authorization header) and because a refusal must happen before the core does any work. The buckets
 * are in this process's memory: each instance behind a load balancer limits on its own.
 */
public final class JavalinRateLimits implements RouteGroup {
    private static final List<String> CHATBOT_BASES = List.of("/api/v1/chatbots/{name}/",
            "/api/v1/accounts/{account_number}/chatbots/{name}/");
    private static final String NATIVE_SESSION_PROMPT = "/api/v2/chatbots/{name}/sessions/{session_key}/prompt";
    private static final int MAX_SESSION_KEY_LENGTH = 100;
    private static final String OPENAI_SESSION_HEADER = "X-Smarter-Session-Key";

    private final ManageApiKeysUseCase apiKeys;
    private final RateLimiter byAddress;
    private final RateLimiter bySession;
    private final RateLimiter byKey;

    public JavalinRateLimits(ManageApiKeysUseCase apiKeys, RateLimitSettings settings) {
        this(apiKeys, settings, TimeMeter.SYSTEM_NANOTIME);
    }

    /** With the time source the buckets refill by (tests move it by hand). */
    public JavalinRateLimits(ManageApiKeysUseCase apiKeys, RateLimitSettings settings, TimeMeter time) {
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(settings, "settings");
        this.byAddress = new RateLimiter(settings.perClientAddress(), time);
        this.bySession = new RateLimiter(settings.perSession(), time);
        this.byKey = new RateLimiter(settings.perApiKey(), time);
    }

    @Override
    public void addTo(RoutesConfig routes) {
        for (String base : CHATBOT_BASES) {
            routes.before(base + "prompt/", this::widgetPrompt);
            routes.before(base + "config/", this::byClientAddress);
            routes.before(base + "prompt/config/", this::byClientAddress);
        }
        routes.before(NATIVE_SESSION_PROMPT, ctx -> bySession(ctx, ctx.pathParam("session_key")));
        routes.before("/api/v2/*", this::byKeyOrClientAddress);
        routes.before("/api/v1/cli/*", this::byKeyOrClientAddress);
        routes.before(JavalinOpenAiRoutes.PREFIX + "/*", this::openAi);
    }

    /** The OpenAI-compatible endpoint answers every error in OpenAI's shape, a refusal too. */
    private void openAi(Context ctx) {
        try {
            byKeyOrClientAddress(ctx);
            bySession(ctx, ctx.header(OPENAI_SESSION_HEADER));
        } catch (LimitReachedException refusal) {
            ctx.header("Retry-After", String.valueOf(refusal.retryAfterSeconds()));
            JavalinOpenAiRoutes.answer(ctx, refusal);
            ctx.skipRemainingHandlers();
        }
    }

    private void widgetPrompt(Context ctx) {
        byClientAddress(ctx);
        bySession(ctx, ctx.queryParam("session_key"));
    }

    private void byClientAddress(Context ctx) {
        if (counts(ctx)) {
            refuseIfEmpty(byAddress, "address:" + HttpRequests.clientInfo(ctx).ipAddress(), "this client address");
        }
    }

    private void bySession(Context ctx, String sessionKey) {
        if (counts(ctx) && sessionKey != null && !sessionKey.isBlank()
                && sessionKey.length() <= MAX_SESSION_KEY_LENGTH) {
            refuseIfEmpty(bySession, "session:" + sessionKey.strip().toLowerCase(Locale.ROOT), "this session");
        }
    }

    /** A valid API key has its own bucket; anyone else (no key, or a key that is not valid) counts by address. */
    private void byKeyOrClientAddress(Context ctx) {
        if (!counts(ctx)) {
            return;
        }
        Optional<Principal> principal = byKey.isOff() && byAddress.isOff() ? Optional.empty()
                : Credential.fromAuthorizationHeader(ctx.header("Authorization")).flatMap(apiKeys::authenticate);
        if (principal.isPresent() && principal.get() instanceof Principal.AccountKey key) {
            refuseIfEmpty(byKey, "key:" + key.keyId(), "this API key");
        } else {
            byClientAddress(ctx);
        }
    }

    /** CORS preflights are answered before this runs and cost the caller nothing. */
    private static boolean counts(Context ctx) {
        return !HandlerType.OPTIONS.equals(ctx.method());
    }

    private static void refuseIfEmpty(RateLimiter limiter, String caller, String who) {
        Optional<Duration> wait = limiter.tryAcquire(caller);
        if (wait.isPresent()) {
            long seconds = LimitReachedException.wholeSeconds(wait.get());
            throw new LimitReachedException("SmarterRateLimited", "too many requests from " + who + ": at most "
                    + limiter.perMinute() + " a minute; try again in " + seconds + " s", wait.get());
        }
    }
}
