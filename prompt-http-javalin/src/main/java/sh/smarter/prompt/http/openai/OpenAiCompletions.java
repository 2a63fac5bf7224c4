package sh.smarter.prompt.http.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.prompt.Idempotency;
import sh.smarter.prompt.core.prompt.PromptCommand;
import sh.smarter.prompt.core.prompt.PromptResult;
import sh.smarter.prompt.core.prompt.PromptStreamListener;
import sh.smarter.prompt.core.prompt.SessionChoice;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.http.openai.OpenAiJson.Head;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.IdempotencyHeader;
import sh.smarter.prompt.http.server.SseStream;

/**
 * {@code POST /v1/chat/completions}: one prompt turn through {@link sh.smarter.prompt.core.prompt.HandlePromptUseCase},
 * like every other client's. With {@value #SESSION_HEADER} the turn continues that session (the request's last
 * message is the new input; the history comes from the store); without it a new session starts, seeded with the
 * request's earlier messages. Every answer names its session in that header.
 */
final class OpenAiCompletions {
    static final String SESSION_HEADER = "X-Smarter-Session-Key";
    /** Read by OpenAI's SDKs: a failed turn is stored already, and an automatic retry would repeat its message. */
    static final String SHOULD_RETRY_HEADER = "x-should-retry";
    static final Endpoint COMPLETIONS = new Endpoint("chat_completions", "Session");

    private final PromptEngine engine;

    OpenAiCompletions(PromptEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    void create(Context ctx) {
        HttpRequests.describe(ctx, COMPLETIONS);
        Principal principal = OpenAiCaller.of(ctx, engine.apiKeys());
        ObjectNode body = HttpRequests.jsonBody(ctx);
        OpenAiChatRequest request = OpenAiChatRequest.parse(body);
        Optional<SessionKey> session = sessionKeyOf(ctx);
        PromptCommand command = new PromptCommand(request.chatbot(),
                session.map(SessionChoice::existing).orElse(SessionChoice.NEW_FROM_TRANSCRIPT),
                session.isPresent() ? request.lastMessageOnly() : request.messages(), null,
                HttpRequests.clientInfo(ctx), principal);
        // The session header is part of what the request is: the same key for another session is another request.
        Optional<Idempotency> idempotency = IdempotencyHeader.of(ctx, body, principal,
                session.map(SessionKey::value).orElse(""));
        Head head = Head.of(UUID.randomUUID().toString(), engine.clock().instant().getEpochSecond(), request.model());
        try {
            if (request.stream()) {
                stream(ctx, command, idempotency, head, request.includeUsage());
            } else {
                complete(ctx, command, idempotency, head);
            }
        } catch (PromptException e) {
            // Before any turn was stored: an unknown chatbot is the request's "model".
            if (session.isEmpty() && e.kind() == ErrorKind.NOT_FOUND) {
                throw OpenAiError.modelNotFound(e.getMessage()).asFailure();
            }
            throw e;
        }
    }

    private static Optional<SessionKey> sessionKeyOf(Context ctx) {
        String header = ctx.header(SESSION_HEADER);
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SessionKey.parse(header));
        } catch (PromptException e) {
            throw OpenAiError.invalid(SESSION_HEADER + ": " + e.getMessage(), null).asFailure();
        }
    }

    private PromptResult handle(PromptCommand command, Optional<Idempotency> idempotency,
                                PromptStreamListener listener) {
        return idempotency.isPresent() ? engine.prompts().handle(command, idempotency.get(), listener)
                : engine.prompts().handle(command, listener);
    }

    private void complete(Context ctx, PromptCommand command, Optional<Idempotency> idempotency, Head head) {
        PromptResult result = handle(command, idempotency, PromptStreamListener.NONE);
        ctx.header(SESSION_HEADER, result.session().key().value());
        if (result.failure().isPresent()) {
            ctx.header(SHOULD_RETRY_HEADER, "false");
            JavalinOpenAiRoutes.send(ctx, OpenAiError.of(result.failure().get()));
            return;
        }
        HttpRequests.sendJson(ctx, 200, OpenAiJson.completion(head, result));
    }

    private void stream(Context ctx, PromptCommand command, Optional<Idempotency> idempotency, Head head,
                        boolean includeUsage) {
        SseStream sse = new SseStream(ctx);
        ChunkWriter chunks = new ChunkWriter(ctx, sse, head, includeUsage);
        PromptResult result;
        try {
            result = handle(command, idempotency, chunks);
        } catch (RuntimeException e) {
            if (!sse.started()) {
                throw e; // nothing streamed yet: the usual status code and error body
            }
            chunks.last(HttpJson.write(JavalinOpenAiRoutes.errorOf(ctx, e).toJson()));
            return;
        }
        if (result.failure().isPresent()) {
            OpenAiError error = OpenAiError.of(result.failure().get());
            if (!sse.started()) {
                ctx.header(SHOULD_RETRY_HEADER, "false");
                JavalinOpenAiRoutes.send(ctx, error);
            } else {
                chunks.last(HttpJson.write(error.toJson()));
            }
            return;
        }
        chunks.finish(result);
    }

    /**
     * Turns the answer's text deltas into chunks; status lines and tool rounds are not shown. The first chunk goes
     * out with the first delta, so a turn that fails before any text still gets its real status code. Throws when
     * the client is gone, which makes the core stop calling it; the turn goes on and is stored.
     */
    private static final class ChunkWriter implements PromptStreamListener {
        private final Context ctx;
        private final SseStream sse;
        private final Head head;
        private final boolean includeUsage;
        private boolean sentText;

        ChunkWriter(Context ctx, SseStream sse, Head head, boolean includeUsage) {
            this.ctx = ctx;
            this.sse = sse;
            this.head = head;
            this.includeUsage = includeUsage;
        }

        /** Called before anything is written, so the header still goes out with the response. */
        @Override
        public void onSession(Session session) {
            ctx.header(SESSION_HEADER, session.key().value());
        }

        @Override
        public void onDelta(String text) {
            if (text == null || text.isEmpty()) {
                return;
            }
            startOnce();
            sse.sendData(HttpJson.write(OpenAiJson.contentChunk(head, includeUsage, text)));
            sentText = true;
        }

        void finish(PromptResult result) {
            try {
                startOnce();
                if (!sentText && result.answer().isPresent()) {
                    sse.sendData(HttpJson.write(OpenAiJson.contentChunk(head, includeUsage, result.answer().get())));
                }
                sse.sendData(HttpJson.write(OpenAiJson.finishChunk(head, includeUsage, result)));
                if (includeUsage) {
                    sse.sendData(HttpJson.write(OpenAiJson.usageChunk(head, result)));
                }
                sse.sendData("[DONE]");
            } catch (UncheckedIOException e) {
                // The client left; the turn is stored.
            }
        }

        /** An error after text was streamed: OpenAI's SDKs raise it from the stream. */
        void last(String data) {
            try {
                sse.sendData(data);
            } catch (UncheckedIOException e) {
                // The client left; the turn is stored.
            }
        }

        private void startOnce() {
            if (!sse.started()) {
                sse.sendData(HttpJson.write(OpenAiJson.roleChunk(head, includeUsage)));
            }
        }
    }
}
