package sh.smarter.prompt.http.chatbot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.prompt.IncomingMessage;
import sh.smarter.prompt.core.session.Role;

/**
 * The prompt request body: {@code {"session_key", "messages": [{"role", "content", ...}], "input_text"?}}. Types
 * are checked strictly (a wrong type is a 400 before anything is stored); extra keys on messages are tolerated.
 *
 * @param messages  the client's messages, the last user message's text already HTML-unescaped
 * @param inputText an explicit input that replaces the last user message, or null
 */
public record PromptRequestJson(List<IncomingMessage> messages, String inputText) {

    /** The body as the React component sends it: the new input arrives HTML-encoded (see below). */
    public static PromptRequestJson parse(ObjectNode body) {
        return parse(body, true);
    }

    /** The body of clients that send plain text (the CLI, the native API): nothing is unescaped. */
    public static PromptRequestJson parsePlain(ObjectNode body) {
        return parse(body, false);
    }

    private static PromptRequestJson parse(ObjectNode body, boolean htmlInput) {
        JsonNode list = body.get("messages");
        List<IncomingMessage> messages = new ArrayList<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw PromptException.invalid("messages must be an array of {\"role\", \"content\"} objects");
            }
            for (int i = 0; i < list.size(); i++) {
                messages.add(message(list.get(i), i));
            }
        }
        if (htmlInput) {
            unescapeLastUserMessage(messages);
        }
        return new PromptRequestJson(messages, optionalString(body, "input_text", "input_text"));
    }

    private static IncomingMessage message(JsonNode item, int index) {
        String where = "messages[" + index + "]";
        if (!item.isObject()) {
            throw PromptException.invalid(where + " must be an object");
        }
        JsonNode role = item.get("role");
        if (role == null || !role.isTextual()) {
            throw PromptException.invalid(where + ".role must be a string");
        }
        return new IncomingMessage(role.textValue(), optionalString(item, "content", where + ".content"));
    }

    private static String optionalString(JsonNode object, String key, String where) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw PromptException.invalid(where + " must be a string");
        }
        return value.textValue();
    }

    /**
     * ui-chat 0.3.0 sends the contenteditable's innerHTML with the tags stripped, so what the user typed arrives
     * entity-encoded ("a &amp; b"): the new input is decoded. The intro messages before it come back with their
     * markdown links turned into {@code <a>} tags, which would show as literal tags once stored and restored
     * escaped, so those links are turned back into markdown.
     */
    private static void unescapeLastUserMessage(List<IncomingMessage> messages) {
        boolean inputSeen = false;
        for (int i = messages.size() - 1; i >= 0; i--) {
            IncomingMessage m = messages.get(i);
            if (!inputSeen && Role.fromWireName(m.role()).orElse(null) == Role.USER) {
                messages.set(i, new IncomingMessage(m.role(), HtmlText.unescape(m.content())));
                inputSeen = true;
            } else {
                messages.set(i, new IncomingMessage(m.role(), HtmlText.linksToMarkdown(m.content())));
            }
        }
    }
}
