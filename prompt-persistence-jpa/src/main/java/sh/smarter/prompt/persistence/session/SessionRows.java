package sh.smarter.prompt.persistence.session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.NewSession;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionTitles;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.core.session.Turn;

/** Converts between the port's values and the rows of the session tables. */
final class SessionRows {
    static final int TITLE_LENGTH = 255;

    private SessionRows() {
    }

    static Session session(SessionEntity row) {
        return new Session(row.id, new SessionKey(row.sessionKey), row.chatbotId,
                new ClientInfo(row.clientIp, row.clientUserAgent, row.clientUrl, row.clientId), row.title,
                row.createdAt, row.updatedAt, row.lastSeq);
    }

    static SessionEntity sessionRow(NewSession draft) {
        SessionEntity row = new SessionEntity();
        row.sessionKey = draft.key().value();
        row.chatbotId = draft.chatbotId();
        row.clientIp = draft.client().ipAddress();
        row.clientUserAgent = draft.client().userAgent();
        row.clientUrl = draft.client().url();
        row.clientId = draft.client().clientId();
        row.createdAt = microseconds(draft.createdAt());
        row.updatedAt = row.createdAt;
        row.lastSeq = 0;
        return row;
    }

    static TurnEntity turnRow(long sessionId, long firstSeq, Turn turn, int messageCount, Instant now) {
        TurnEntity row = new TurnEntity();
        row.sessionId = sessionId;
        row.firstSeq = firstSeq;
        row.turnId = turn.id();
        row.chatbotId = turn.chatbotId();
        row.accountId = turn.accountId();
        row.messageCount = messageCount;
        row.promptTokens = turn.usage().promptTokens();
        row.completionTokens = turn.usage().completionTokens();
        row.totalTokens = turn.usage().totalTokens();
        row.startedAt = microseconds(turn.startedAt());
        row.storedAt = now;
        return row;
    }

    static ToolExecutionEntity executionRow(TurnRecordKey key, ToolExecution execution) {
        ToolExecutionEntity row = new ToolExecutionEntity();
        row.sessionId = key.sessionId();
        row.turnSeq = key.turnSeq();
        row.ordinal = key.ordinal();
        row.turnId = execution.turnId();
        row.toolCallId = execution.toolCallId();
        row.functionName = execution.functionName();
        row.arguments = execution.arguments();
        row.result = execution.result();
        row.pluginId = execution.pluginId();
        row.pluginName = execution.pluginName();
        row.durationMillis = execution.durationMillis();
        row.createdAt = microseconds(execution.createdAt());
        return row;
    }

    static ToolExecution execution(ToolExecutionEntity row) {
        return new ToolExecution(row.turnId, row.toolCallId, row.functionName, row.arguments, row.result,
                row.pluginId, row.pluginName, row.durationMillis, row.createdAt);
    }

    static PluginSelectionEntity selectionRow(TurnRecordKey key, PluginSelection selection) {
        PluginSelectionEntity row = new PluginSelectionEntity();
        row.sessionId = key.sessionId();
        row.turnSeq = key.turnSeq();
        row.ordinal = key.ordinal();
        row.turnId = selection.turnId();
        row.pluginId = selection.pluginId();
        row.pluginName = selection.pluginName();
        row.inputText = selection.inputText();
        row.reason = selection.reason();
        row.createdAt = microseconds(selection.createdAt());
        return row;
    }

    static PluginSelection selection(PluginSelectionEntity row) {
        return new PluginSelection(row.turnId, row.pluginId, row.pluginName, row.inputText, row.reason,
                row.createdAt);
    }

    /** Null for no tool calls, so that the common message stores nothing extra. */
    static String toolCallsJson(List<ToolCall> toolCalls) {
        if (toolCalls.isEmpty()) {
            return null;
        }
        JsonArray.Builder array = JsonArray.builder();
        for (ToolCall call : toolCalls) {
            // The arguments stay a string: the model's exact text, which may not even be valid JSON.
            array.add(JsonObject.builder().put("id", call.id()).put("name", call.name())
                    .put("arguments", call.arguments()).build());
        }
        return array.build().toJson();
    }

    static List<ToolCall> toolCalls(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        List<ToolCall> calls = new ArrayList<>();
        for (Json item : (JsonArray) Json.parse(json)) {
            JsonObject call = (JsonObject) item;
            calls.add(new ToolCall(call.string("id").orElseThrow(), call.string("name").orElseThrow(),
                    call.string("arguments").orElse(null)));
        }
        return calls;
    }

    /** The title column holds 255 characters: a longer title is cut rather than refused. */
    static String clipTitle(String title) {
        return SessionTitles.clip(title, TITLE_LENGTH);
    }

    /** The columns keep microseconds; cutting here makes what is returned equal what is read back later. */
    static Instant microseconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
