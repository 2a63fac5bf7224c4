package sh.smarter.prompt.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import sh.smarter.prompt.cli.output.Column;
import sh.smarter.prompt.cli.output.Listing;
import sh.smarter.prompt.cli.output.Printer;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.ToolCall;

/** Sessions and messages as {@code sessions list}, {@code get sessions} and {@code sessions show} print them. */
final class SessionListing {
    private SessionListing() {
    }

    static JsonNode session(Session session, String chatbot) {
        return Printer.JSON.createObjectNode()
                .put("session_key", session.key().value())
                .put("chatbot", chatbot)
                .put("title", session.title())
                .put("messages", session.lastSeq())
                .put("created_at", session.createdAt().toString())
                .put("updated_at", session.updatedAt().toString())
                .put("ip_address", session.client().ipAddress())
                .put("user_agent", session.client().userAgent());
    }

    static Listing sessions(List<JsonNode> items) {
        return new Listing(items, List.of(Column.at("SESSION KEY", "/session_key"), Column.at("CHATBOT", "/chatbot"),
                Column.at("MESSAGES", "/messages"), Column.at("UPDATED", "/updated_at"), Column.at("TITLE", "/title")),
                "No sessions found.");
    }

    static Listing messages(List<Message> messages) {
        List<JsonNode> items = messages.stream().map(SessionListing::message).toList();
        return new Listing(items, List.of(Column.at("SEQ", "/seq"), Column.at("ROLE", "/role"),
                Column.at("TIME", "/created_at"), new Column("CONTENT", SessionListing::shownContent)),
                "No messages.");
    }

    private static JsonNode message(Message message) {
        ObjectNode json = Printer.JSON.createObjectNode()
                .put("seq", message.seq())
                .put("role", message.role().wireName())
                .put("content", message.content());
        if (!message.toolCalls().isEmpty()) {
            var calls = json.putArray("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                calls.addObject().put("id", call.id()).put("name", call.name()).put("arguments", call.arguments());
            }
        }
        if (message.name() != null) {
            json.put("name", message.name());
        }
        return json.put("created_at", message.createdAt().toString());
    }

    /** A tool request has no text; show what it asks for instead. */
    private static String shownContent(JsonNode message) {
        JsonNode calls = message.get("tool_calls");
        if (calls != null && message.path("content").asText("").isEmpty()) {
            StringBuilder shown = new StringBuilder("calls ");
            calls.forEach(call -> shown.append(call.path("name").asText()).append(call.path("arguments").asText())
                    .append(' '));
            return shown.toString().strip();
        }
        return message.path("content").asText("");
    }
}
