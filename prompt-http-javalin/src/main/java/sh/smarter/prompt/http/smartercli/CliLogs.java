package sh.smarter.prompt.http.smartercli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.manifest.ResourceKind;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.sessionadmin.TurnLog;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;

/**
 * {@code logs chatbot NAME}, {@code logs chat SESSION_KEY} and {@code logs chat-history SESSION_KEY}: the recent
 * turns (or messages) as readable lines, oldest first, in {@code data.lines}; each turn also as an object in
 * {@code data.turns}. The CLI sends the session key as {@code name}; {@code session_key} works too. {@code i}
 * caps the lines (default {@value #DEFAULT_LINES}).
 */
final class CliLogs {
    static final int DEFAULT_LINES = 20;
    private static final int MAX_TEXT = 160;

    private final PromptEngine engine;
    private final CliSessions sessions;

    CliLogs(PromptEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.sessions = new CliSessions(engine);
    }

    void logs(Context ctx) {
        CliTarget target = CliTarget.of(ctx, engine, "logs");
        CliCaller caller = target.caller();
        CliKind kind = target.kind();
        int lines = (int) HttpRequests.queryLong(ctx, "i", DEFAULT_LINES, 1, CliGet.MAX_ROWS);
        ObjectNode data = HttpJson.object().put("kind", kind.thing());
        if (kind.resource() == ResourceKind.CHATBOT) {
            String name = CliResponses.required(ctx, "name");
            String chatbot = sessions.chatbots(caller, name).get(0).name();
            data.put("name", chatbot);
            turns(data, engine.sessions().recentTurns(caller.chatbot(chatbot), lines, caller.principal()));
        } else if (kind.view() == CliKind.SessionView.CHAT || kind.view() == CliKind.SessionView.HISTORY) {
            CliSessions.Located located = sessions.locate(caller, SessionKey.parse(sessionKey(ctx)),
                    ctx.queryParam("chatbot"));
            data.put("name", located.session().key().value()).put("chatbot", located.chatbot().name());
            if (kind.view() == CliKind.SessionView.CHAT) {
                turns(data, engine.sessions().recentTurns(caller.chatbot(located.chatbot().name()),
                        located.session().key(), lines, caller.principal()));
            } else {
                long after = Math.max(0, located.session().lastSeq() - lines);
                messages(data, engine.sessions().messages(caller.chatbot(located.chatbot().name()),
                        located.session().key(), after, lines, caller.principal()));
            }
        } else {
            throw PromptException.invalid("logs are kept for chatbot, chat and chathistory, not " + kind.thing()
                    + ": logs chatbot <name>, logs chat <session_key>");
        }
        CliResponses.ok(ctx, target.endpoint(), data, kind.thing() + " logs: " + data.get("count").asInt()
                + " lines");
    }

    private static String sessionKey(Context ctx) {
        String name = ctx.queryParam("name");
        if (name != null && !name.isBlank()) {
            return name.strip();
        }
        String key = ctx.queryParam("session_key");
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        throw PromptException.invalid("a session key is required: logs chat <session_key>");
    }

    private static void turns(ObjectNode data, List<TurnLog> turns) {
        ArrayNode lines = data.putArray("lines");
        ArrayNode objects = data.putArray("turns");
        for (TurnLog turn : turns) {
            lines.add(turn.line());
            ObjectNode object = objects.addObject().put("time", turn.at().toString())
                    .put("session_key", turn.sessionKey().value()).put("chatbot", turn.chatbot())
                    .put("user", turn.userText()).put("answer", turn.answer()).put("error", turn.error());
            turn.tools().forEach(object.putArray("tools")::add);
            object.putObject("tokens").put("prompt", turn.usage().promptTokens())
                    .put("completion", turn.usage().completionTokens()).put("total", turn.usage().totalTokens());
        }
        data.put("count", turns.size());
    }

    private static void messages(ObjectNode data, List<Message> messages) {
        ArrayNode lines = data.putArray("lines");
        for (Message m : messages) {
            String text = m.content() == null ? "" : m.content().replaceAll("\\s+", " ").strip();
            lines.add(m.createdAt().truncatedTo(ChronoUnit.SECONDS) + " #" + m.seq() + " " + m.role().wireName()
                    + (m.name() == null ? "" : " " + m.name()) + ": "
                    + (text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…"));
        }
        data.put("count", messages.size());
    }
}
