package sh.smarter.prompt.http.chatbot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.prompt.PromptResult;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.wire.json.JacksonJson;

/**
 * The prompt response (SPEC 5.2): a Lambda-style {@code data} whose {@code body} is a JSON document encoded as a
 * string, holding the provider's final completion plus {@code metadata} and {@code smarter}. The React component
 * parses the string and renders {@code smarter.messages}; nothing else in it is read by the component.
 */
public final class PromptResponseJson {
    private static final int ERROR_TEXT_LENGTH = 500;

    private PromptResponseJson() {
    }

    /** The {@code data} payload. {@code now} dates the stand-in completion of a failed turn. */
    public static ObjectNode of(PromptResult result, Instant now) {
        return data(HttpJson.asJsonString(body(result, now)));
    }

    /** The same payload with {@code body} as an object, not a string (the smarter CLI's answer holds it so). */
    public static ObjectNode withObjectBody(PromptResult result, Instant now) {
        return data(body(result, now));
    }

    private static ObjectNode data(JsonNode body) {
        ObjectNode data = HttpJson.object()
                .put("isBase64Encoded", false)
                .put("statusCode", 200);
        data.putObject("headers").put("Content-Type", "application/json");
        data.set("body", body);
        return data;
    }

    /**
     * The decoded body; the completion stays exactly as the provider sent it. Provider JSON (the completion's
     * members, every exchange) is written straight from the turn's values, never copied into Jackson nodes, and a
     * round's node is built once however often it appears; those parts of the tree can be written, not navigated.
     */
    public static ObjectNode body(PromptResult result, Instant now) {
        ObjectNode body = result.finalCompletion()
                .map(completion -> members(completion.raw()))
                .orElseGet(() -> errorCompletion(result, now));
        body.set("metadata", metadata(result));
        body.set("smarter", smarter(result));
        return body;
    }

    /** The completion's members as leaves of a new object, which {@code metadata} and {@code smarter} extend. */
    private static ObjectNode members(JsonObject raw) {
        ObjectNode body = HttpJson.object();
        raw.members().forEach((key, value) -> body.set(key, JacksonJson.written(value)));
        return body;
    }

    /**
     * What answers in place of a completion when the provider failed: the original system answered with such an
     * "error_response" too, so clients that read {@code choices} still find a message.
     */
    private static ObjectNode errorCompletion(PromptResult result, Instant now) {
        String reason = result.failure().map(PromptException::getMessage).orElse("the provider did not answer");
        String text = "Sorry, no answer this time: " + clip(reason);
        ObjectNode completion = HttpJson.object()
                .put("id", "error_response")
                .put("object", "chat.completion")
                .put("created", now.getEpochSecond())
                .put("model", result.model());
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text);
        choice.put("finish_reason", "stop");
        completion.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
        return completion;
    }

    private static ObjectNode metadata(PromptResult result) {
        ObjectNode metadata = HttpJson.object();
        if (result.toolCalls().isEmpty()) {
            metadata.putNull("tool_calls");
        } else {
            ArrayNode calls = metadata.putArray("tool_calls");
            for (PromptResult.ToolCallSummary call : result.toolCalls()) {
                ObjectNode json = calls.addObject().put("function_name", call.functionName());
                json.set("function_args", JacksonJson.toNode(call.arguments()));
                if (call.plugin() != null) {
                    json.set("smarter_plugin", ChatbotJson.pluginSummary(call.plugin()));
                }
            }
        }
        return metadata.put("model", result.model())
                .put("temperature", result.temperature())
                .put("max_completion_tokens", result.maxCompletionTokens())
                .put("input_text", result.inputText());
    }

    private static ObjectNode smarter(PromptResult result) {
        // first_iteration and second_iteration repeat rounds of iterations: those two are written once and copied.
        List<JsonNode> rounds = new ArrayList<>();
        for (ProviderExchange exchange : result.exchanges()) {
            ObjectNode round = iteration(exchange);
            rounds.add(rounds.size() < 2 ? HttpJson.writtenOnce(round) : round);
        }
        ObjectNode smarter = HttpJson.object();
        smarter.set("first_iteration", rounds.isEmpty() ? HttpJson.object() : rounds.get(0));
        smarter.set("second_iteration", rounds.size() < 2 ? HttpJson.object() : rounds.get(1));
        smarter.putArray("iterations").addAll(rounds);
        result.pluginNames().forEach(smarter.putArray("plugins")::add);
        result.toolNames().forEach(smarter.putArray("tools")::add);
        ArrayNode messages = smarter.putArray("messages");
        for (Message m : result.messages()) {
            // The component shows the user's message already; echoing it would show it twice.
            if (m.role() != Role.USER) {
                messages.add(ChatbotJson.message(m, true));
            }
        }
        return smarter;
    }

    /**
     * One provider round trip. The request copy is the body sent, which never holds the provider's API key: its very
     * text when the adapter reported it, so the window is not written a second time.
     */
    private static ObjectNode iteration(ProviderExchange exchange) {
        ObjectNode json = HttpJson.object();
        json.set("request", exchange.requestText() != null
                ? HttpJson.copied(exchange.requestText().toByteArray())
                : JacksonJson.written(exchange.request()));
        json.set("response", exchange.response() == null ? null : JacksonJson.written(exchange.response()));
        if (exchange.error() != null) {
            json.put("error", exchange.error());
        }
        return json;
    }

    private static String clip(String text) {
        return text.length() <= ERROR_TEXT_LENGTH ? text : text.substring(0, ERROR_TEXT_LENGTH) + "…";
    }
}
