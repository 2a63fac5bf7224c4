package sh.smarter.prompt.http.smartercli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.chatconfig.ChatConfig;
import sh.smarter.prompt.core.chatconfig.ChatConfigQuery;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.prompt.IncomingMessage;
import sh.smarter.prompt.core.prompt.PromptCommand;
import sh.smarter.prompt.core.prompt.PromptResult;
import sh.smarter.prompt.core.prompt.SessionChoice;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.http.chatbot.ChatConfigJson;
import sh.smarter.prompt.http.chatbot.ChatbotPaths;
import sh.smarter.prompt.http.chatbot.PromptRequestJson;
import sh.smarter.prompt.http.chatbot.PromptResponseJson;
import sh.smarter.prompt.http.chatbot.SessionKeys;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.HttpSettings;

/**
 * {@code chat <chatbot>} and {@code chat config <chatbot>}. A CLI user is the pair (API key, {@code uid}); its
 * prompts continue its latest session with the chatbot until {@code new_session=true} starts another, which the
 * next prompts then continue.
 */
final class CliChat {
    static final Endpoint CHAT = new Endpoint("chat", "Chat");
    static final Endpoint CONFIG = new Endpoint("chat_config", "ChatConfig");
    /** The chatbot prompt response inside the CLI answer keeps the chatbot endpoint's own envelope. */
    static final Endpoint PROMPT = new Endpoint("prompt", "Chatbot");
    private static final int MAX_UID = 200;

    private final PromptEngine engine;
    private final HttpSettings settings;

    CliChat(PromptEngine engine, HttpSettings settings) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    void chat(Context ctx) {
        HttpRequests.describe(ctx, CHAT);
        CliCaller caller = CliCaller.of(ctx, engine);
        String clientId = caller.clientId(uid(ctx));
        boolean newSession = CliResponses.flag(ctx, "new_session");
        ObjectNode body = HttpRequests.jsonBody(ctx);
        Chatbot chatbot = chatbot(caller, ctx);
        List<IncomingMessage> messages = messages(body, chatbot);
        SessionChoice session = SessionKeys.of(ctx, body).map(SessionChoice::existing)
                .orElse(newSession ? SessionChoice.NEW : SessionChoice.latestOf(clientId));
        // A new session carries the client id too, so that the next prompts find it as the latest.
        ClientInfo client = HttpRequests.clientInfo(ctx).withClientId(clientId);
        PromptResult result = engine.prompts().handle(new PromptCommand(caller.chatbot(chatbot.name()), session,
                messages, null, client, caller.principal()));

        ObjectNode request = body.deepCopy();
        request.put("session_key", result.session().key().value());
        ArrayNode sent = request.putArray("messages");
        messages.forEach(m -> sent.addObject().put("role", m.role()).put("content", m.content()));
        ObjectNode data = HttpJson.object();
        data.set("request", request);
        data.set("response", PROMPT.envelope(promptData(result, engine.clock().instant())));
        CliResponses.ok(ctx, CHAT, data, null);
    }

    /** The chatbot endpoint's prompt response, but with {@code body} as an object: the Go client prints it. */
    private static ObjectNode promptData(PromptResult result, Instant now) {
        return PromptResponseJson.withObjectBody(result, now);
    }

    void config(Context ctx) {
        HttpRequests.describe(ctx, CONFIG);
        CliCaller caller = CliCaller.of(ctx, engine);
        ObjectNode body = HandlerType.POST.equals(ctx.method()) ? HttpRequests.jsonBody(ctx) : HttpJson.object();
        Chatbot chatbot = chatbot(caller, ctx);
        ChatbotRef ref = caller.chatbot(chatbot.name());
        // Without a key, the configuration shows the session this CLI user's prompts would continue.
        String uid = ctx.queryParam("uid");
        ClientInfo client = uid == null || uid.isBlank() ? HttpRequests.clientInfo(ctx)
                : HttpRequests.clientInfo(ctx).withClientId(caller.clientId(uid(ctx)));
        // new_session=true mints a fresh session, as upstream does; the next prompts of this uid continue it.
        boolean newSession = CliResponses.flag(ctx, "new_session");
        ChatConfig config = engine.chatConfigs().chatConfig(new ChatConfigQuery(ref,
                SessionKeys.of(ctx, body).orElse(null), client, caller.principal(), newSession));
        CliResponses.ok(ctx, CONFIG, ChatConfigJson.of(config, ChatbotPaths.promptUrl(ctx, settings, ref)), null);
    }

    private Chatbot chatbot(CliCaller caller, Context ctx) {
        // An invalid name is "not found", like an unknown one.
        ChatbotRef ref = caller.chatbot(ctx.pathParam("name"));
        return engine.findChatbots().findInAccount(caller.account().id(), ref.name())
                .orElseThrow(() -> PromptException.notFound("chatbot " + ref.name() + " not found"));
    }

    private static String uid(Context ctx) {
        String uid = CliResponses.required(ctx, "uid");
        if (uid.length() > MAX_UID) {
            throw PromptException.invalid("uid must be at most " + MAX_UID + " characters");
        }
        return uid;
    }

    /**
     * The messages to send: the client's own, else the chatbot's welcome as the original CLI view built it; then
     * the prompt as the user's message. The core uses the intro only when the session is still empty.
     */
    private static List<IncomingMessage> messages(ObjectNode body, Chatbot chatbot) {
        JsonNode prompt = body.get("prompt");
        if (prompt != null && !prompt.isNull() && !prompt.isTextual()) {
            throw PromptException.invalid("prompt must be a string");
        }
        List<IncomingMessage> messages = new ArrayList<>(PromptRequestJson.parsePlain(body).messages());
        if (messages.isEmpty()) {
            welcome(chatbot).ifPresent(text -> messages.add(new IncomingMessage("assistant", text)));
        }
        if (prompt != null && !prompt.isNull() && !prompt.textValue().isBlank()) {
            messages.add(new IncomingMessage("user", prompt.textValue()));
        } else if (messages.stream().noneMatch(m -> "user".equals(m.role()))) {
            throw PromptException.invalid("prompt is required: send {\"prompt\": \"<text>\"}");
        }
        return messages;
    }

    private static Optional<String> welcome(Chatbot chatbot) {
        if (chatbot.appWelcomeMessage().isBlank() || chatbot.appExamplePrompts().isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder(chatbot.appWelcomeMessage())
                .append(". Following are some example prompts:\n\n");
        chatbot.appExamplePrompts().forEach(p -> text.append("    - ").append(p).append('\n'));
        return Optional.of(text.append("\nI'm ").append(chatbot.appAssistant())
                .append(", how can I assist you today?").toString());
    }
}
