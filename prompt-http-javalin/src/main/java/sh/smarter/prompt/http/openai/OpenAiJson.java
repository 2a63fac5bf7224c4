package sh.smarter.prompt.http.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import sh.smarter.prompt.core.access.ListChatbotsUseCase.UsableChatbot;
import sh.smarter.prompt.core.prompt.PromptResult;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.http.server.HttpJson;

/**
 * OpenAI's chat-completion shapes for a stored turn: {@code chat.completion}, {@code chat.completion.chunk} and the
 * model list. Only the final assistant answer is shown; the turn's server-side tool rounds are not (the client did
 * not offer those tools), but their tokens count in {@code usage}.
 */
final class OpenAiJson {
    private static final Set<String> FINISH_REASONS = Set.of("stop", "length", "content_filter");

    private OpenAiJson() {
    }

    /** What every completion and chunk of one turn share. */
    record Head(String id, long created, String model) {
        static Head of(String turnId, long created, String model) {
            return new Head("chatcmpl-" + turnId.replace("-", ""), created, model);
        }
    }

    static ObjectNode completion(Head head, PromptResult result) {
        ObjectNode json = start(head, "chat.completion");
        ObjectNode choice = json.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", result.answer().orElse(""))
                .putNull("refusal").putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(result));
        json.set("usage", usage(result));
        return json;
    }

    /** The first chunk of a stream: the assistant role, no text yet. */
    static ObjectNode roleChunk(Head head, boolean includeUsage) {
        ObjectNode json = chunk(head, includeUsage);
        choice(json).putObject("delta").put("role", "assistant").put("content", "");
        choice(json).putNull("finish_reason");
        return json;
    }

    static ObjectNode contentChunk(Head head, boolean includeUsage, String text) {
        ObjectNode json = chunk(head, includeUsage);
        choice(json).putObject("delta").put("content", text);
        choice(json).putNull("finish_reason");
        return json;
    }

    static ObjectNode finishChunk(Head head, boolean includeUsage, PromptResult result) {
        ObjectNode json = chunk(head, includeUsage);
        choice(json).putObject("delta");
        choice(json).put("finish_reason", finishReason(result));
        return json;
    }

    /** With {@code stream_options.include_usage}: the last chunk, with no choices and the turn's usage. */
    static ObjectNode usageChunk(Head head, PromptResult result) {
        ObjectNode json = start(head, "chat.completion.chunk");
        json.putArray("choices");
        json.set("usage", usage(result));
        return json;
    }

    static ObjectNode models(List<UsableChatbot> chatbots) {
        ObjectNode json = HttpJson.object().put("object", "list");
        ArrayNode data = json.putArray("data");
        chatbots.forEach(c -> data.addObject()
                .put("id", c.ref().toString())
                .put("object", "model")
                .put("created", c.chatbot().createdAt().getEpochSecond())
                .put("owned_by", c.account().number().value()));
        return json;
    }

    /** Tokens of every provider round of the turn. */
    static ObjectNode usage(PromptResult result) {
        TokenUsage usage = result.exchanges().stream().map(ProviderExchange::usage)
                .reduce(TokenUsage.NONE, TokenUsage::plus);
        return HttpJson.object().put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens())
                .put("total_tokens", usage.totalTokens());
    }

    private static String finishReason(PromptResult result) {
        return result.finalCompletion().map(ChatCompletion::finishReason).filter(FINISH_REASONS::contains)
                .orElse("stop");
    }

    private static ObjectNode chunk(Head head, boolean includeUsage) {
        ObjectNode json = start(head, "chat.completion.chunk");
        json.putArray("choices").addObject().put("index", 0).putNull("logprobs");
        if (includeUsage) {
            json.putNull("usage");
        }
        return json;
    }

    private static ObjectNode choice(ObjectNode chunk) {
        return (ObjectNode) chunk.get("choices").get(0);
    }

    private static ObjectNode start(Head head, String object) {
        return HttpJson.object().put("id", head.id()).put("object", object).put("created", head.created())
                .put("model", head.model()).putNull("system_fingerprint");
    }
}
