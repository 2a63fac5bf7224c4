package sh.smarter.prompt.http.openai;

import io.javalin.http.Context;
import java.util.Objects;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpRequests;

/** {@code GET /v1/models}: the chatbots the caller may prompt, in OpenAI's list shape. */
final class OpenAiModels {
    static final Endpoint MODELS = new Endpoint("models", "Chatbot");

    private final PromptEngine engine;

    OpenAiModels(PromptEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    void list(Context ctx) {
        HttpRequests.describe(ctx, MODELS);
        var principal = OpenAiCaller.of(ctx, engine.apiKeys());
        HttpRequests.sendJson(ctx, 200, OpenAiJson.models(engine.chatbots().usableBy(principal)));
    }
}
