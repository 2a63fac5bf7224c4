package sh.smarter.prompt.core.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonParseException;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.StoredTurn;
import sh.smarter.prompt.core.session.ToolExecution;

/**
 * The answer to a retry whose turn is stored already, rebuilt from the stored turn. The stored rows hold the
 * messages, provider exchanges and tool calls; the little they do not hold (the model settings the turn ran with,
 * why it failed) is kept with the idempotency key as its "outcome".
 */
final class TurnReplay {
    private TurnReplay() {
    }

    /** The outcome of a turn, as kept with its idempotency key. */
    static String outcome(PromptException failure, String model, double temperature, int maxTokens,
                          List<String> toolNames) {
        JsonObject.Builder json = JsonObject.builder()
                .putIfNotNull("model", model)
                .put("temperature", temperature)
                .put("max_tokens", maxTokens)
                .put("tools", JsonArray.ofStrings(toolNames));
        if (failure != null) {
            json.put("failure", JsonObject.builder()
                    .put("kind", failure.kind().name())
                    .put("class", failure.errorClass())
                    .put("message", String.valueOf(failure.getMessage()))
                    .build());
        }
        return json.build().toJson();
    }

    /** The result the original attempt answered with, as far as the stored turn and its outcome tell it. */
    static PromptResult result(Chatbot chatbot, StoredTurn stored, String outcomeText, ChatbotLookup lookup) {
        JsonObject outcome = parse(outcomeText);
        Optional<PromptException> failure = outcome.object("failure").map(TurnReplay::failure);
        // The turn's own messages start with the user's; anything before it seeded the new session.
        List<Message> messages = stored.messages();
        int userAt = 0;
        while (userAt < messages.size() && messages.get(userAt).role() != Role.USER) {
            userAt++;
        }
        List<Message> created = userAt < messages.size() ? messages.subList(userAt, messages.size()) : messages;
        String input = userAt < messages.size() ? messages.get(userAt).content() : "";
        Optional<ChatCompletion> finalCompletion = failure.isPresent() ? Optional.empty()
                : lastCompletion(stored.exchanges());
        List<PromptResult.ToolCallSummary> toolCalls = new ArrayList<>();
        for (ToolExecution execution : stored.toolExecutions()) {
            Plugin plugin = execution.pluginId() == null ? null
                    : lookup.findPlugin(execution.pluginId()).orElse(null);
            toolCalls.add(new PromptResult.ToolCallSummary(execution.functionName(), arguments(execution), plugin));
        }
        List<String> tools = outcome.array("tools").orElse(JsonArray.EMPTY).stream()
                .filter(JsonString.class::isInstance).map(j -> ((JsonString) j).value()).toList();
        return new PromptResult(chatbot, stored.session(), stored.turnId(), finalCompletion, stored.exchanges(),
                toolCalls, outcome.string("model").orElse(chatbot.defaultModel()),
                outcome.number("temperature").map(JsonNumber::doubleValue).orElse(chatbot.defaultTemperature()),
                outcome.number("max_tokens").map(n -> (int) n.longValue()).orElse(chatbot.defaultMaxTokens()),
                input, chatbot.plugins(), tools, created, failure);
    }

    private static Optional<ChatCompletion> lastCompletion(List<ProviderExchange> exchanges) {
        for (int i = exchanges.size() - 1; i >= 0; i--) {
            JsonObject response = exchanges.get(i).response();
            if (response != null) {
                try {
                    return Optional.of(ChatCompletion.fromJson(response));
                } catch (IllegalArgumentException unreadable) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static PromptException failure(JsonObject json) {
        ErrorKind kind;
        try {
            kind = ErrorKind.valueOf(json.string("kind").orElse(ErrorKind.PROVIDER_FAILED.name()));
        } catch (IllegalArgumentException unknown) {
            kind = ErrorKind.PROVIDER_FAILED;
        }
        String errorClass = json.string("class").orElse("SmarterProviderError");
        String message = json.string("message").orElse("the provider failed");
        return new PromptException(kind, errorClass, message);
    }

    private static Json arguments(ToolExecution execution) {
        try {
            return Json.parse(execution.arguments());
        } catch (JsonParseException | NullPointerException e) {
            return new JsonString(String.valueOf(execution.arguments()));
        }
    }

    private static JsonObject parse(String text) {
        try {
            return text == null ? JsonObject.EMPTY : Json.parse(text) instanceof JsonObject o ? o : JsonObject.EMPTY;
        } catch (JsonParseException e) {
            return JsonObject.EMPTY;
        }
    }
}
