package sh.smarter.prompt.http.nativeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.LimitReachedException;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.prompt.Idempotency;
import sh.smarter.prompt.core.prompt.PromptCommand;
import sh.smarter.prompt.core.prompt.PromptResult;
import sh.smarter.prompt.core.prompt.PromptStreamListener;
import sh.smarter.prompt.core.prompt.SessionChoice;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.http.chatbot.ChatbotPaths;
import sh.smarter.prompt.http.chatbot.PromptRequestJson;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.IdempotencyHeader;
import sh.smarter.prompt.http.server.SseStream;

/**
 * The native prompt endpoints: one turn, answered with real status codes (200, or 502/504 when the provider
 * failed — the turn is stored either way and the error names its session), or streamed as Server-Sent Events
 * ({@code session}, {@code message}..., {@code delta}..., then {@code done} or {@code error}).
 */
final class NativePrompts {
    private static final Logger LOG = LoggerFactory.getLogger(NativePrompts.class);
    static final Endpoint PROMPT = new Endpoint("prompt", "Session");

    private final PromptEngine engine;

    NativePrompts(PromptEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    void inNewSession(Context ctx) {
        HttpRequests.describe(ctx, PROMPT);
        prompt(ctx, null);
    }

    void inSession(Context ctx) {
        HttpRequests.describe(ctx, PROMPT);
        prompt(ctx, SessionKey.parse(ctx.pathParam("session_key")));
    }

    private void prompt(Context ctx, SessionKey key) {
        // The command validates itself (an input is required) before anything is stored or streamed.
        PromptCommand command = command(ctx, key == null ? SessionChoice.NEW : SessionChoice.existing(key));
        Optional<Idempotency> idempotency = IdempotencyHeader.of(ctx, HttpRequests.jsonBody(ctx),
                command.principal());
        if (wantsStream(ctx)) {
            stream(ctx, command, idempotency);
            return;
        }
        PromptResult result = handle(command, idempotency, PromptStreamListener.NONE);
        if (result.failure().isPresent()) {
            PromptException failure = result.failure().get();
            if (failure instanceof LimitReachedException limit) {
                ctx.header("Retry-After", String.valueOf(limit.retryAfterSeconds()));
            }
            HttpRequests.sendJson(ctx, NativeJson.statusOf(failure), failureOf(ctx, result, failure));
            return;
        }
        HttpRequests.sendJson(ctx, 200, NativeJson.promptResponse(result));
    }

    private PromptCommand command(Context ctx, SessionChoice session) {
        ObjectNode body = HttpRequests.jsonBody(ctx);
        JsonNode input = body.get("input");
        if (input != null && !input.isNull() && !input.isTextual()) {
            throw PromptException.invalid("input must be a string");
        }
        PromptRequestJson request = PromptRequestJson.parsePlain(body);
        ChatbotRef chatbot = ChatbotPaths.ref(ctx);
        return new PromptCommand(chatbot, session, request.messages(),
                input == null || input.isNull() ? null : input.textValue(), HttpRequests.clientInfo(ctx),
                HttpRequests.principalForUse(ctx, engine, chatbot));
    }

    private static boolean wantsStream(Context ctx) {
        String accept = ctx.header("Accept");
        return "true".equalsIgnoreCase(ctx.queryParam("stream"))
                || (accept != null && accept.toLowerCase(Locale.ROOT).contains(SseStream.MEDIA_TYPE));
    }

    private PromptResult handle(PromptCommand command, Optional<Idempotency> idempotency,
                                PromptStreamListener listener) {
        return idempotency.isPresent() ? engine.prompts().handle(command, idempotency.get(), listener)
                : engine.prompts().handle(command, listener);
    }

    private void stream(Context ctx, PromptCommand command, Optional<Idempotency> idempotency) {
        SseStream sse = new SseStream(ctx);
        EventWriter events = new EventWriter(sse);
        PromptResult result;
        try {
            result = handle(command, idempotency, events);
        } catch (RuntimeException e) {
            if (!sse.started()) {
                throw e; // nothing streamed yet: the usual status code and JSON envelope
            }
            events.finish("error", NativeJson.error(asPromptException(e, ctx), PROMPT, ctx.path(),
                    HttpRequests.requestId(ctx)));
            return;
        }
        if (result.failure().isPresent()) {
            events.finish("error", failureOf(ctx, result, result.failure().get()));
        } else {
            events.finish("done", NativeJson.promptResponse(result));
        }
    }

    private static PromptException asPromptException(RuntimeException e, Context ctx) {
        if (e instanceof PromptException known) {
            return known;
        }
        LOG.error("streamed prompt failed after the stream started", e);
        return new PromptException(ErrorKind.INTERNAL, "SmarterInternalError",
                "internal error; the server log has the details under request id " + HttpRequests.requestId(ctx));
    }

    private static ObjectNode failureOf(Context ctx, PromptResult result, PromptException failure) {
        return NativeJson.failure(result, failure, PROMPT, ctx.path(), HttpRequests.requestId(ctx));
    }

    /**
     * Turns the core's stream callbacks into events. Throws when the client is gone, which makes the core stop
     * calling it; the turn itself goes on and is stored.
     */
    private static final class EventWriter implements PromptStreamListener {
        private final SseStream sse;
        private String sessionKey = "";

        EventWriter(SseStream sse) {
            this.sse = sse;
        }

        /** The first event names the session, so a client can continue it even if the turn then fails. */
        @Override
        public void onSession(Session session) {
            sessionKey = session.key().value();
            sse.send("session", HttpJson.object().put("session_key", sessionKey));
        }

        @Override
        public void onDelta(String text) {
            sse.send("delta", HttpJson.object().put("text", text));
        }

        @Override
        public void onMessage(NewMessage message) {
            sse.send("message", NativeJson.message(message));
        }

        /** The last event; a client that left early just does not get it. */
        void finish(String event, JsonNode data) {
            try {
                sse.send(event, data);
            } catch (UncheckedIOException e) {
                LOG.debug("client left before the {} event of session {}", event,
                        sessionKey.isEmpty() ? "-" : sessionKey.substring(0, 8));
            }
        }
    }
}
