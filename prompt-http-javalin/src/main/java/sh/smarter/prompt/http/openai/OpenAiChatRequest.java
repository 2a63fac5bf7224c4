package sh.smarter.prompt.http.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.prompt.IncomingMessage;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ChatbotRef;

/**
 * A {@code POST /v1/chat/completions} body, read and checked. {@code model} names a chatbot ({@code name} or
 * {@code ACCOUNT_NUMBER/name}); {@code messages} must end with the user's new message. Sampling parameters
 * ({@code temperature}, {@code max_tokens}, ...) are accepted and not used: the chatbot's own settings apply, as for
 * every other client. A request that brings its own {@code tools} is refused, because the chatbot's tools run here.
 */
record OpenAiChatRequest(String model, ChatbotRef chatbot, List<IncomingMessage> messages, boolean stream,
                         boolean includeUsage) {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    static OpenAiChatRequest parse(ObjectNode body) {
        String model = requiredText(body, "model");
        ChatbotRef chatbot = chatbotOf(model);
        JsonNode messagesNode = body.get("messages");
        if (messagesNode == null || !messagesNode.isArray() || messagesNode.isEmpty()) {
            throw OpenAiError.invalid("messages must be a non-empty array of {\"role\", \"content\"} objects",
                    "messages").asFailure();
        }
        List<IncomingMessage> messages = new ArrayList<>();
        for (int i = 0; i < messagesNode.size(); i++) {
            messages.add(message(messagesNode.get(i), "messages[" + i + "]"));
        }
        if (!"user".equals(messages.get(messages.size() - 1).role())) {
            throw OpenAiError.invalid("the last message must be the user's new message (role \"user\")",
                    "messages").asFailure();
        }
        refuseClientTools(body);
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asLong() == 1)) {
            throw OpenAiError.invalid("n must be 1: a chatbot gives one answer per turn", "n").asFailure();
        }
        boolean stream = optionalBoolean(body, "stream", "stream");
        JsonNode options = body.get("stream_options");
        boolean includeUsage = false;
        if (options != null && !options.isNull()) {
            if (!options.isObject()) {
                throw OpenAiError.invalid("stream_options must be an object", "stream_options").asFailure();
            }
            includeUsage = optionalBoolean((ObjectNode) options, "include_usage", "stream_options.include_usage");
        }
        return new OpenAiChatRequest(model, chatbot, List.copyOf(messages), stream, includeUsage);
    }

    /** The last message: the new input of the turn. */
    List<IncomingMessage> lastMessageOnly() {
        return List.of(messages.get(messages.size() - 1));
    }

    private static ChatbotRef chatbotOf(String model) {
        int slash = model.indexOf('/');
        try {
            if (slash < 0) {
                return ChatbotRef.named(model);
            }
            return new ChatbotRef(AccountNumber.parse(model.substring(0, slash)), model.substring(slash + 1));
        } catch (PromptException e) {
            throw OpenAiError.modelNotFound("model " + clip(model) + " is not a chatbot: use a chatbot's name or "
                    + "ACCOUNT_NUMBER/name, as GET /v1/models lists them").asFailure();
        }
    }

    private static IncomingMessage message(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw OpenAiError.invalid(where + " must be an object", "messages").asFailure();
        }
        JsonNode role = node.get("role");
        if (role == null || !role.isTextual() || !ROLES.contains(role.textValue())) {
            throw OpenAiError.invalid(where + ".role must be one of system, developer, user, assistant, tool",
                    "messages").asFailure();
        }
        return new IncomingMessage(role.textValue(), content(node.get("content"), where + ".content"));
    }

    /** A string, null, or an array of text parts (joined by line breaks); other parts are refused. */
    private static String content(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw OpenAiError.invalid(where + " must be a string or an array of text parts", "messages")
                    .asFailure();
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText("");
            if (!type.equals("text") || !part.path("text").isTextual()) {
                throw OpenAiError.invalid(where + "[" + i + "] is not a text part ({\"type\": \"text\", \"text\": "
                        + "...}); only text is supported", "messages").asFailure();
            }
            texts.add(part.get("text").textValue());
        }
        return String.join("\n", texts);
    }

    private static void refuseClientTools(ObjectNode body) {
        for (String field : List.of("tools", "functions")) {
            JsonNode tools = body.get(field);
            if (tools != null && !tools.isNull() && !(tools.isArray() && tools.isEmpty())) {
                throw OpenAiError.invalid("this endpoint does not take " + field + ": the chatbot's own tools "
                        + "(its functions and plugins) run on the server during the turn, and the answer comes back "
                        + "as text", field).asFailure();
            }
        }
    }

    private static String requiredText(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw OpenAiError.invalid(field + " is required: the name of a chatbot", field).asFailure();
        }
        return node.textValue().strip();
    }

    private static boolean optionalBoolean(ObjectNode body, String field, String param) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw OpenAiError.invalid(param + " must be true or false", param).asFailure();
        }
        return node.booleanValue();
    }

    private static String clip(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}
