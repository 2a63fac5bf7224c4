package sh.smarter.prompt.http.smartercli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonNull;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.manifest.ResourceKind;
import sh.smarter.prompt.core.resourceadmin.ManageResourcesUseCase;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.wire.json.JacksonJson;

/**
 * {@code get <kind>}: a table of sessions, of one session's messages, tool calls or plugin usage, or of resources.
 * {@code i} caps the rows (default 10, at most 1000); {@code asc=true} / {@code desc=true} set the order.
 */
final class CliGet {
    static final int DEFAULT_ROWS = 10;
    static final int MAX_ROWS = 1000;

    private final PromptEngine engine;
    private final ManageResourcesUseCase resources;
    private final CliSessions sessions;
    private final CliApiKeys apiKeys;

    CliGet(PromptEngine engine, ManageResourcesUseCase resources) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.sessions = new CliSessions(engine);
        this.apiKeys = new CliApiKeys(engine);
    }

    void get(Context ctx) {
        CliTarget target = CliTarget.of(ctx, engine, "get");
        CliKind kind = target.kind();
        int rows = (int) HttpRequests.queryLong(ctx, "i", DEFAULT_ROWS, 1, MAX_ROWS);
        Query query = new Query(target.caller(), rows, descending(ctx), ctx.queryParam("chatbot"),
                ctx.queryParam("session_key"), ctx.queryParam("name"));
        CliTable table = kind.isSessionView() ? sessionTable(kind.view(), query)
                : kind.apiKey() ? apiKeys.table(query.caller(), query.name(), rows)
                : resourceTable(kind.resource(), query);
        ObjectNode data = HttpJson.object().put("apiVersion", Endpoint.API_VERSION).put("kind", kind.thing());
        data.putObject("metadata").put("count", table.size());
        data.set("kwargs", CliResponses.kwargs(ctx));
        data.set("data", table.toJson());
        CliResponses.ok(ctx, target.endpoint(), data, plural(kind.thing()) + " got successfully");
    }

    /** What a get asks for; {@code descending} is null when the client named no order. */
    private record Query(CliCaller caller, int rows, Boolean descending, String chatbot, String sessionKey,
                         String name) {
        boolean descendingOr(boolean byDefault) {
            return descending == null ? byDefault : descending;
        }
    }

    private static Boolean descending(Context ctx) {
        boolean asc = CliResponses.flag(ctx, "asc");
        boolean desc = CliResponses.flag(ctx, "desc");
        if (asc && desc) {
            throw PromptException.invalid("asc and desc exclude each other");
        }
        return asc ? Boolean.FALSE : desc ? Boolean.TRUE : null;
    }

    private CliTable sessionTable(CliKind.SessionView view, Query q) {
        return switch (view) {
            case CHAT -> chats(q);
            case HISTORY -> history(q);
            case TOOL_CALLS -> toolCalls(q, false);
            case PLUGIN_USAGE -> toolCalls(q, true);
        };
    }

    /** Sessions, newest first by default; a {@code session_key} filter that matches nothing is an empty table. */
    private CliTable chats(Query q) {
        List<CliSessions.Located> found;
        if (q.sessionKey() != null && !q.sessionKey().isBlank()) {
            found = locatedOrNone(q);
        } else {
            found = sessions.list(q.caller(), sessions.chatbots(q.caller(), q.chatbot()), q.rows(),
                    !q.descendingOr(true));
        }
        CliTable table = new CliTable().column("sessionKey", CliTable.TEXT).column("chatbot", CliTable.TEXT)
                .column("title", CliTable.TEXT).column("messages", CliTable.NUMBER)
                .column("createdAt", CliTable.TIME).column("updatedAt", CliTable.TIME)
                .column("ipAddress", CliTable.TEXT).column("userAgent", CliTable.TEXT).column("url", CliTable.TEXT);
        for (CliSessions.Located l : found) {
            var s = l.session();
            table.row().put("sessionKey", s.key().value()).put("chatbot", l.chatbot().name())
                    .put("title", s.title()).put("messages", s.lastSeq())
                    .put("createdAt", s.createdAt().toString()).put("updatedAt", s.updatedAt().toString())
                    .put("ipAddress", s.client().ipAddress()).put("userAgent", s.client().userAgent())
                    .put("url", s.client().url());
        }
        return table;
    }

    private List<CliSessions.Located> locatedOrNone(Query q) {
        try {
            return List.of(locate(q));
        } catch (PromptException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }

    private CliSessions.Located locate(Query q) {
        if (q.sessionKey() == null || q.sessionKey().isBlank()) {
            throw PromptException.invalid("session_key is required: add ?session_key=... to the URL");
        }
        return sessions.locate(q.caller(), SessionKey.parse(q.sessionKey()), q.chatbot());
    }

    /** The newest {@code i} messages of the session, in conversation order unless {@code desc=true}. */
    private CliTable history(Query q) {
        CliSessions.Located l = locate(q);
        long after = Math.max(0, l.session().lastSeq() - q.rows());
        List<Message> messages = reversedIf(q.descendingOr(false), engine.sessions().messages(
                q.caller().chatbot(l.chatbot().name()), l.session().key(), after, q.rows(), q.caller().principal()));
        CliTable table = new CliTable().column("seq", CliTable.NUMBER).column("role", CliTable.TEXT)
                .column("content", CliTable.TEXT).column("name", CliTable.TEXT).column("toolCallId", CliTable.TEXT)
                .column("createdAt", CliTable.TIME);
        for (Message m : messages) {
            table.row().put("seq", m.seq()).put("role", m.role().wireName()).put("content", m.content())
                    .put("name", m.name()).put("toolCallId", m.toolCallId()).put("createdAt", m.createdAt().toString());
        }
        return table;
    }

    /** Tool calls of the session, newest first; plugin usage is the subset that ran plugins. */
    private CliTable toolCalls(Query q, boolean pluginsOnly) {
        CliSessions.Located l = locate(q);
        List<ToolExecution> executions = reversedIf(!q.descendingOr(true), engine.sessions()
                .toolExecutions(q.caller().chatbot(l.chatbot().name()), l.session().key(),
                        pluginsOnly ? MAX_ROWS : q.rows(), q.caller().principal()).stream()
                .filter(t -> !pluginsOnly || t.isPluginUsage())
                .limit(q.rows())
                .toList());
        CliTable table = new CliTable().column("functionName", CliTable.TEXT).column("plugin", CliTable.TEXT)
                .column("functionArgs", CliTable.TEXT).column("result", CliTable.TEXT)
                .column("durationMs", CliTable.NUMBER).column("createdAt", CliTable.TIME);
        for (ToolExecution t : executions) {
            table.row().put("functionName", t.functionName()).put("plugin", t.pluginName())
                    .put("functionArgs", t.arguments()).put("result", t.result())
                    .put("durationMs", t.durationMillis()).put("createdAt", t.createdAt().toString());
        }
        return table;
    }

    /** A column of a resource table and where its value sits in the manifest. */
    private record Field(String title, String type, String... path) {
    }

    private static final List<Field> LEADING = List.of(new Field("name", CliTable.TEXT, "metadata", "name"),
            new Field("description", CliTable.TEXT, "metadata", "description"),
            new Field("version", CliTable.TEXT, "metadata", "version"));
    private static final List<Field> TRAILING = List.of(new Field("created", CliTable.TIME, "status", "created"),
            new Field("modified", CliTable.TIME, "status", "modified"));
    private static final List<Field> PLUGIN = List.of(new Field("pluginClass", CliTable.TEXT, "metadata",
            "pluginClass"));
    private static final Map<ResourceKind, List<Field>> EXTRAS = Map.of(
            ResourceKind.CHATBOT, List.of(new Field("provider", CliTable.TEXT, "spec", "config", "provider"),
                    new Field("defaultModel", CliTable.TEXT, "spec", "config", "defaultModel"),
                    new Field("deployed", CliTable.BOOLEAN, "spec", "config", "deployed")),
            ResourceKind.PLUGIN, PLUGIN, ResourceKind.SQL_PLUGIN, PLUGIN, ResourceKind.API_PLUGIN, PLUGIN,
            ResourceKind.SQL_CONNECTION, List.of(new Field("url", CliTable.TEXT, "spec", "connection", "url")),
            ResourceKind.API_CONNECTION, List.of(new Field("baseUrl", CliTable.TEXT, "spec", "connection",
                    "baseUrl")),
            ResourceKind.PROVIDER, List.of(new Field("baseUrl", CliTable.TEXT, "spec", "provider", "baseUrl"),
                    new Field("defaultModel", CliTable.TEXT, "spec", "provider", "defaultModel")),
            ResourceKind.ACCOUNT, List.of(new Field("accountNumber", CliTable.TEXT, "spec", "accountNumber")));

    /** Resources of the caller's account, by name ({@code desc=true} reverses), optionally one {@code name}. */
    private CliTable resourceTable(ResourceKind kind, Query q) {
        List<Field> fields = new ArrayList<>(LEADING);
        fields.addAll(EXTRAS.getOrDefault(kind, List.of()));
        fields.addAll(TRAILING);
        CliTable table = new CliTable();
        fields.forEach(f -> table.column(f.title(), f.type()));
        reversedIf(q.descendingOr(false), resources.get(kind, q.caller().principal())).stream()
                .filter(m -> q.name() == null || q.name().isBlank() || q.name().strip().equals(text(m, "metadata",
                        "name")))
                .limit(q.rows())
                .forEach(m -> {
                    ObjectNode row = table.row();
                    fields.forEach(f -> row.set(f.title(), JacksonJson.toNode(at(m, f.path()))));
                });
        return table;
    }

    private static Json at(JsonObject manifest, String... path) {
        Json value = manifest;
        for (String key : path) {
            if (!(value instanceof JsonObject object)) {
                return JsonNull.INSTANCE;
            }
            value = object.get(key);
        }
        return value == null ? JsonNull.INSTANCE : value;
    }

    private static String text(JsonObject manifest, String... path) {
        Json value = at(manifest, path);
        return value.isNull() ? null : value.asText();
    }

    private static <T> List<T> reversedIf(boolean reverse, List<T> items) {
        if (!reverse) {
            return items;
        }
        List<T> copy = new ArrayList<>(items);
        Collections.reverse(copy);
        return copy;
    }

    private static String plural(String thing) {
        return thing.endsWith("y") ? thing.substring(0, thing.length() - 1) + "ies" : thing + "s";
    }
}
