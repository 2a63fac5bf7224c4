package sh.smarter.prompt.http.chatbot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.http.server.HttpJson;

/** Pieces shared by the configuration object and the prompt response, in the legacy key names. */
final class ChatbotJson {
    private static final DateTimeFormatter RFC_3339_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private ChatbotJson() {
    }

    /** RFC 3339 in UTC with microseconds, as the original (Django) API wrote timestamps. */
    static String timestamp(Instant instant) {
        return instant == null ? null : RFC_3339_MICROS.format(instant);
    }

    /** JSON text as a tree when it parses, else as a string: tool arguments come from a model and may be broken. */
    static JsonNode jsonOrText(String text) {
        if (text == null) {
            return NullNode.getInstance();
        }
        try {
            JsonNode node = HttpJson.MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? TextNode.valueOf(text) : node;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    /**
     * A stored message as the React component reads it. Content is HTML-escaped because the component renders it as
     * raw HTML; an assistant message that only requests tools gets a null content so that the component skips it.
     */
    static ObjectNode message(Message m, boolean isNew) {
        ObjectNode json = HttpJson.object().put("role", m.role().wireName());
        boolean toolRequestOnly = m.role() == Role.ASSISTANT && m.requestsTools()
                && (m.content() == null || m.content().isBlank());
        json.put("content", toolRequestOnly ? null : HtmlText.escape(m.content()));
        if (m.requestsTools()) {
            ArrayNode calls = json.putArray("tool_calls");
            for (ToolCall call : m.toolCalls()) {
                ObjectNode wire = calls.addObject().put("id", call.id()).put("type", "function");
                wire.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        if (m.toolCallId() != null) {
            json.put("tool_call_id", m.toolCallId());
        }
        if (m.name() != null) {
            json.put("name", m.name());
        }
        return json.put("smarter_is_new", isNew);
    }

    /** What the original called a plugin's meta: enough to tell which plugin served a tool call. */
    static ObjectNode pluginSummary(Plugin plugin) {
        return HttpJson.object()
                .put("name", plugin.name())
                .put("description", plugin.description())
                .put("pluginClass", plugin.data().pluginClass())
                .put("version", plugin.version());
    }
}
