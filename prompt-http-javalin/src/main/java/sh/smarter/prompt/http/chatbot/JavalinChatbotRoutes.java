package sh.smarter.prompt.http.chatbot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.util.Objects;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.chatconfig.ChatConfig;
import sh.smarter.prompt.core.chatconfig.ChatConfigQuery;
import sh.smarter.prompt.core.prompt.PromptCommand;
import sh.smarter.prompt.core.prompt.PromptResult;
import sh.smarter.prompt.core.prompt.SessionChoice;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.RouteGroup;

/**
 * The chatbot endpoints the React component {@code @smarter.sh/ui-chat} calls (SPEC 5.2), under
 * {@code /api/v1/chatbots/{name}/} and the account-qualified {@code /api/v1/accounts/{account_number}/chatbots/
 * {name}/}: the configuration object at {@code config/} and {@code prompt/config/}, and the prompt at
 * {@code prompt/}. CORS preflights, request ids and the error envelope come from the server.
 */
public final class JavalinChatbotRoutes implements RouteGroup {
    static final Endpoint CONFIG = new Endpoint("chat_config", "ChatConfig");
    static final Endpoint PROMPT = new Endpoint("prompt", "Chatbot");

    private final PromptEngine engine;
    private final HttpSettings settings;

    public JavalinChatbotRoutes(PromptEngine engine, HttpSettings settings) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void addTo(RoutesConfig routes) {
        for (String base : ChatbotPaths.BASES) {
            // The component loads its first configuration from <apiUrl>config/, later ones from <url_chatbot>config/.
            for (String config : new String[] {base + "config/", base + "prompt/config/"}) {
                routes.post(config, this::config);
                routes.get(config, this::config);
            }
            routes.post(base + "prompt/", this::prompt);
            routes.get(base + "prompt/", JavalinChatbotRoutes::promptByGet);
        }
    }

    private void config(Context ctx) {
        HttpRequests.describe(ctx, CONFIG);
        ChatbotRef ref = ChatbotPaths.ref(ctx);
        ObjectNode body = HandlerType.POST.equals(ctx.method()) ? HttpRequests.jsonBody(ctx) : HttpJson.object();
        ChatConfig config = engine.chatConfigs().chatConfig(new ChatConfigQuery(ref,
                SessionKeys.of(ctx, body).orElse(null), HttpRequests.clientInfo(ctx),
                HttpRequests.principalForUse(ctx, engine, ref)));
        String promptUrl = ChatbotPaths.promptUrl(ctx, settings, ref);
        HttpRequests.sendJson(ctx, 200, CONFIG.envelope(ChatConfigJson.of(config, promptUrl)));
    }

    private void prompt(Context ctx) {
        HttpRequests.describe(ctx, PROMPT);
        ChatbotRef ref = ChatbotPaths.ref(ctx);
        ObjectNode body = HttpRequests.jsonBody(ctx);
        PromptRequestJson request = PromptRequestJson.parse(body);
        SessionChoice session = SessionKeys.of(ctx, body).map(SessionChoice::existing).orElse(SessionChoice.NEW);
        // The command validates itself (a user message is required) before anything is stored.
        PromptCommand command = new PromptCommand(ref, session, request.messages(), request.inputText(),
                HttpRequests.clientInfo(ctx), HttpRequests.principalForUse(ctx, engine, ref));
        PromptResult result = engine.prompts().handle(command);
        HttpRequests.sendJson(ctx, 200, PROMPT.envelope(PromptResponseJson.of(result, engine.clock().instant())));
    }

    private static void promptByGet(Context ctx) {
        HttpRequests.describe(ctx, PROMPT);
        ctx.header("Allow", "POST, OPTIONS");
        throw new HttpResponseException(405, "GET is not allowed on " + ctx.path() + "; POST the prompt as JSON");
    }
}
