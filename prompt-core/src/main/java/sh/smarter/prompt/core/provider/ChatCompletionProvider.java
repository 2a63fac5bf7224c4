package sh.smarter.prompt.core.provider;

import sh.smarter.prompt.core.resource.ProviderSettings;

/**
 * Outbound port: an OpenAI-compatible chat-completions service. Implementations retry what is worth retrying and
 * throw {@link ProviderException} when the call fails for good.
 */
public interface ChatCompletionProvider {

    ChatCompletion complete(ProviderSettings provider, ChatRequest request);

    /**
     * Streams the completion, passing text deltas to the listener as they arrive, and returns the assembled
     * completion (including tool calls assembled from their deltas), equal to what {@link #complete} returns.
     * The default streams nothing and delivers the whole text at once.
     */
    default ChatCompletion stream(ProviderSettings provider, ChatRequest request, CompletionStreamListener listener) {
        ChatCompletion completion = complete(provider, request);
        if (completion.content() != null && !completion.content().isEmpty()) {
            listener.onContentDelta(completion.content());
        }
        return completion;
    }
}
