package sh.smarter.prompt.tests.http.chatbot;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.RecordedRequest;
import sh.smarter.prompt.tests.fake.Reply;

/**
 * What the fake model answers in the HTTP and browser tests, computed from the chat-completions request it gets:
 * a product ("1234 * 5678") makes it call the calculator; a calculator result makes it state that result, read
 * from the request (nothing hard-coded); "provider-fail" makes it fail with a 503; anything else is echoed back
 * as "Nice to meet you! You said: ...".
 */
public final class ScriptedModel {
    static final String FAIL = "provider-fail";
    private static final Pattern PRODUCT = Pattern.compile("(\\d+)\\s*\\*\\s*(\\d+)");

    private ScriptedModel() {
    }

    public static Reply reply(RecordedRequest request) {
        JsonArray messages = request.messages();
        JsonObject last = (JsonObject) messages.get(messages.size() - 1);
        if (last.string("role").orElse("").equals("tool")) {
            Json result = Json.parse(last.string("content").orElse("{}"));
            String value = result instanceof JsonObject o ? o.get("result").asText() : result.asText();
            String expression = expressionOfCall(messages, last.string("tool_call_id").orElse(""))
                    .orElse("the expression");
            return Reply.text(expression + " = " + value);
        }
        String input = request.lastUserMessage().orElse("");
        if (input.contains(FAIL)) {
            return Reply.error(503, "The engine is currently overloaded, please try again later");
        }
        Matcher product = PRODUCT.matcher(input);
        boolean calculatorOffered = request.body().array("tools").map(JsonArray::toJson).orElse("")
                .contains("\"calculator\"");
        if (product.find() && calculatorOffered) {
            String arguments = JsonObject.builder()
                    .put("expression", product.group(1) + " * " + product.group(2)).build().toJson();
            return Reply.toolCalls(FakeOpenAiServer.toolCall("calculator", arguments));
        }
        return Reply.text("Nice to meet you! You said: " + input);
    }

    private static Optional<String> expressionOfCall(JsonArray messages, String callId) {
        for (Json message : messages) {
            JsonArray calls = ((JsonObject) message).array("tool_calls").orElse(JsonArray.EMPTY);
            for (Json call : calls) {
                JsonObject function = ((JsonObject) call).object("function").orElse(JsonObject.EMPTY);
                if (((JsonObject) call).string("id").orElse("").equals(callId)) {
                    Json arguments = Json.parse(function.string("arguments").orElse("{}"));
                    return ((JsonObject) arguments).string("expression");
                }
            }
        }
        return Optional.empty();
    }
}
