package sh.smarter.prompt.http.nativeapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.prompt.PromptResult;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.ErrorEnvelope;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.wire.json.JacksonJson;

/**
 * The native API's JSON views: snake_case keys, RFC 3339 timestamps, message text exactly as stored (no HTML
 * escaping, unlike the compatibility shapes the React component renders). The OpenAPI document describes them.
 */
final class NativeJson {
    private NativeJson() {
    }

    static ObjectNode session(Session s, String chatbotName) {
        return HttpJson.object()
                .put("session_key", s.key().value())
                .put("chatbot", chatbotName)
                .put("title", s.title())
                .put("created_at", timestamp(s.createdAt()))
                .put("updated_at", timestamp(s.updatedAt()))
                .put("last_seq", s.lastSeq())
                .put("ip_address", s.client().ipAddress())
                .put("user_agent", s.client().userAgent())
                .put("url", s.client().url());
    }

    /** A stored message: its place in the session, its turn and its time, then what was said. */
    static ObjectNode message(Message m) {
        ObjectNode json = HttpJson.object().put("seq", m.seq());
        said(json, m.role(), m.content(), m.toolCalls(), m.toolCallId(), m.name());
        return json.put("turn_id", m.turnId()).put("created_at", timestamp(m.createdAt()));
    }

    /** A message while its turn runs, before the store has numbered it (a streamed {@code message} event). */
    static ObjectNode message(NewMessage m) {
        return said(HttpJson.object(), m.role(), m.content(), m.toolCalls(), m.toolCallId(), m.name());
    }

    private static ObjectNode said(ObjectNode json, Role role, String content, List<ToolCall> toolCalls,
                                   String toolCallId, String name) {
        json.put("role", role.wireName()).put("content", content);
        if (!toolCalls.isEmpty()) {
            ArrayNode calls = json.putArray("tool_calls");
            toolCalls.forEach(call -> calls.addObject().put("id", call.id()).put("name", call.name())
                    .put("arguments", call.arguments()));
        }
        if (toolCallId != null) {
            json.put("tool_call_id", toolCallId);
        }
        if (name != null) {
            json.put("name", name);
        }
        return json;
    }

    /** The answer to a prompt that succeeded; a streamed turn ends with the same object in its {@code done} event. */
    static ObjectNode promptResponse(PromptResult result) {
        ObjectNode json = HttpJson.object()
                .put("session_key", result.session().key().value())
                .put("turn_id", result.turnId())
                .put("answer", result.answer().orElse(null));
        ArrayNode messages = json.putArray("messages");
        result.messages().forEach(m -> messages.add(message(m)));
        ArrayNode calls = json.putArray("tool_calls");
        for (PromptResult.ToolCallSummary call : result.toolCalls()) {
            ObjectNode c = calls.addObject().put("function_name", call.functionName());
            c.set("arguments", JacksonJson.toNode(call.arguments()));
            c.put("plugin", call.plugin() == null ? null : call.plugin().name());
        }
        TokenUsage usage = result.exchanges().stream().map(ProviderExchange::usage)
                .reduce(TokenUsage.NONE, TokenUsage::plus);
        json.putObject("usage").put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens())
                .put("total_tokens", usage.totalTokens());
        return json.put("model", result.model());
    }

    /**
     * The error of a turn whose provider failed. The turn is stored already, so the envelope also names the
     * session and turn: the client can show the error and continue the same conversation.
     */
    static ObjectNode failure(PromptResult result, PromptException failure, Endpoint endpoint, String path,
                              String requestId) {
        ObjectNode json = error(failure, endpoint, path, requestId);
        return json.put("session_key", result.session().key().value()).put("turn_id", result.turnId());
    }

    static ObjectNode error(PromptException e, Endpoint endpoint, String path, String requestId) {
        return ErrorEnvelope.of(statusOf(e), e.errorClass(), e.getMessage(), endpoint, path, requestId);
    }

    static int statusOf(PromptException e) {
        return ErrorEnvelope.statusOf(e.kind());
    }

    static String timestamp(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
