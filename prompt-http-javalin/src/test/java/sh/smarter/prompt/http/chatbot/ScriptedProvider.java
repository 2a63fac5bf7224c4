package sh.smarter.prompt.http.chatbot;

import java.util.List;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.Role;

/**
 * An in-process provider for fast tests: "fail" in the input fails the call, a "*" asks the calculator, a tool
 * result is read back in the answer, anything else is echoed.
 */
final class ScriptedProvider implements ChatCompletionProvider {

    @Override
    public ChatCompletion complete(ProviderSettings provider, ChatRequest request) {
        List<NewMessage> messages = request.messages();
        NewMessage last = messages.get(messages.size() - 1);
        if (last.role() == Role.TOOL) {
            return completion(JsonObject.builder().put("role", "assistant")
                    .put("content", "The tool said " + last.content()).build());
        }
        if (last.content().contains("fail")) {
            throw ProviderException.failed(provider.name(), 500, "provider " + provider.name() + " answered 500");
        }
        if (last.content().contains("*")) {
            JsonObject call = JsonObject.builder().put("id", "call_1").put("type", "function")
                    .put("function", JsonObject.builder().put("name", "calculator")
                            .put("arguments", "{\"expression\": \"" + last.content().replace("?", "") + "\"}").build())
                    .build();
            return completion(JsonObject.builder().put("role", "assistant").put("content", (String) null)
                    .put("tool_calls", JsonArray.builder().add(call).build()).build());
        }
        return completion(JsonObject.builder().put("role", "assistant")
                .put("content", "<b>Echo</b>: " + last.content()).build());
    }

    private static ChatCompletion completion(JsonObject message) {
        JsonObject raw = JsonObject.builder()
                .put("id", "chatcmpl-test")
                .put("object", "chat.completion")
                .put("created", 1_700_000_000L)
                .put("model", "gpt-4o-mini")
                .put("choices", JsonArray.builder().add(JsonObject.builder().put("index", 0)
                        .put("message", message)
                        .put("finish_reason", message.has("tool_calls") ? "tool_calls" : "stop").build()).build())
                .put("usage", Json.parse("{\"prompt_tokens\": 10, \"completion_tokens\": 5, \"total_tokens\": 15}"))
                .build();
        return ChatCompletion.fromJson(raw);
    }
}
