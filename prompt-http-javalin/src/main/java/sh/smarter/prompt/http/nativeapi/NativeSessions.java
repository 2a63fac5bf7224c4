package sh.smarter.prompt.http.nativeapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionPage;
import sh.smarter.prompt.core.session.SessionQuery;
import sh.smarter.prompt.core.sessionadmin.SessionAdminService;
import sh.smarter.prompt.http.chatbot.ChatbotPaths;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;

/**
 * Reading, exporting and deleting a chatbot's sessions. Every call needs an API key of the chatbot's account: the
 * name is looked up in the key's own account, so another account's chatbot is simply "not found".
 */
final class NativeSessions {
    private static final Endpoint LIST = new Endpoint("list_sessions", "Session");
    private static final Endpoint READ = new Endpoint("get_session", "Session");
    private static final Endpoint MESSAGES = new Endpoint("list_messages", "Message");
    private static final Endpoint DELETE = new Endpoint("delete_session", "Session");
    private static final Endpoint EXPORT = new Endpoint("export_session", "Session");
    static final int DEFAULT_SESSIONS = 20;
    static final int DEFAULT_MESSAGES = 100;

    private final PromptEngine engine;

    NativeSessions(PromptEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    void list(Context ctx) {
        HttpRequests.describe(ctx, LIST);
        Caller caller = caller(ctx);
        int limit = (int) HttpRequests.queryLong(ctx, "limit", DEFAULT_SESSIONS, 1, SessionQuery.MAX_LIMIT);
        SessionPage page = engine.sessions().listSessions(caller.chatbot, ctx.queryParam("cursor"), limit,
                ascending(ctx), caller.principal);
        ObjectNode json = HttpJson.object();
        ArrayNode items = json.putArray("items");
        page.sessions().forEach(s -> items.add(NativeJson.session(s, caller.chatbot.name())));
        json.put("next_cursor", page.nextCursor().orElse(null));
        HttpRequests.sendJson(ctx, 200, json);
    }

    void read(Context ctx) {
        HttpRequests.describe(ctx, READ);
        Caller caller = caller(ctx);
        HttpRequests.sendJson(ctx, 200, NativeJson.session(caller.session(engine), caller.chatbot.name()));
    }

    /** One page of messages after {@code after_seq}; seqs are dense, so the session's last seq says if more follow. */
    void messages(Context ctx) {
        HttpRequests.describe(ctx, MESSAGES);
        Caller caller = caller(ctx);
        long afterSeq = HttpRequests.queryLong(ctx, "after_seq", 0, 0, Long.MAX_VALUE);
        int limit = (int) HttpRequests.queryLong(ctx, "limit", DEFAULT_MESSAGES, 1, SessionAdminService.MAX_PAGE);
        Session session = caller.session(engine);
        List<Message> page = engine.sessions().messages(caller.chatbot, session.key(), afterSeq, limit,
                caller.principal);
        ObjectNode json = HttpJson.object();
        ArrayNode items = json.putArray("items");
        page.forEach(m -> items.add(NativeJson.message(m)));
        long last = page.isEmpty() ? afterSeq : page.get(page.size() - 1).seq();
        if (!page.isEmpty() && last < session.lastSeq()) {
            json.put("next_after_seq", last);
        } else {
            json.putNull("next_after_seq");
        }
        HttpRequests.sendJson(ctx, 200, json);
    }

    void delete(Context ctx) {
        HttpRequests.describe(ctx, DELETE);
        Caller caller = caller(ctx);
        engine.sessions().delete(caller.chatbot, caller.sessionKey(), caller.principal);
        ctx.status(204);
    }

    /**
     * Every message of the session, streamed as the core pages through them, so a 10,000-message session costs
     * no more memory than a short one. Access is checked before the first byte, so refusals keep their status.
     */
    void export(Context ctx) {
        HttpRequests.describe(ctx, EXPORT);
        Caller caller = caller(ctx);
        boolean ndjson = exportFormatIsNdjson(ctx.queryParam("format"));
        Session session = caller.session(engine);
        ctx.status(200);
        var response = ctx.res();
        response.setContentType(ndjson ? "application/x-ndjson;charset=utf-8" : "application/json;charset=utf-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"session-" + session.key().value()
                + (ndjson ? ".ndjson\"" : ".json\""));
        try {
            OutputStream out = response.getOutputStream();
            ExportWriter writer = new ExportWriter(out, ndjson);
            engine.sessions().export(caller.chatbot, session.key(), caller.principal, writer::write);
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean exportFormatIsNdjson(String format) {
        String f = format == null || format.isBlank() ? "json" : format.strip().toLowerCase(Locale.ROOT);
        if (!f.equals("json") && !f.equals("ndjson")) {
            throw PromptException.invalid("format must be json or ndjson");
        }
        return f.equals("ndjson");
    }

    private static boolean ascending(Context ctx) {
        String order = ctx.queryParam("order");
        if (order == null || order.isBlank() || order.equalsIgnoreCase("desc")) {
            return false;
        }
        if (order.equalsIgnoreCase("asc")) {
            return true;
        }
        throw PromptException.invalid("order must be asc or desc");
    }

    private Caller caller(Context ctx) {
        Principal principal = HttpRequests.principal(ctx, engine.apiKeys());
        String name = ctx.pathParam("name");
        // A key's account qualifies a bare name: unique there, and nothing of other accounts can be reached. An
        // account-qualified path names the chatbot exactly; the core refuses it to keys of other accounts.
        ChatbotRef ref = ctx.pathParamMap().containsKey("account_number") ? ChatbotPaths.ref(ctx)
                : principal instanceof Principal.AccountKey key
                ? new ChatbotRef(engine.findAccounts().ofKey(key).number(), name)
                : ChatbotRef.named(name);
        return new Caller(principal, ref, ctx.pathParamMap().get("session_key"));
    }

    private record Caller(Principal principal, ChatbotRef chatbot, String sessionKeyText) {
        SessionKey sessionKey() {
            return SessionKey.parse(sessionKeyText);
        }

        Session session(PromptEngine engine) {
            return engine.sessions().session(chatbot, sessionKey(), principal);
        }
    }

    /** A JSON array or one JSON document per line, written message by message. */
    private static final class ExportWriter {
        private final OutputStream out;
        private final boolean ndjson;
        private boolean first = true;

        ExportWriter(OutputStream out, boolean ndjson) throws IOException {
            this.out = out;
            this.ndjson = ndjson;
            if (!ndjson) {
                out.write('[');
            }
        }

        void write(Message m) {
            try {
                if (!ndjson && !first) {
                    out.write(',');
                }
                out.write(HttpJson.MAPPER.writeValueAsBytes(NativeJson.message(m)));
                if (ndjson) {
                    out.write('\n');
                }
                first = false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() throws IOException {
            if (!ndjson) {
                out.write(']');
            }
            out.flush();
        }
    }
}
