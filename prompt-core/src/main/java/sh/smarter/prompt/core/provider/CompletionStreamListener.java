package sh.smarter.prompt.core.provider;

/** Receives the text of a streamed completion as it arrives. */
@FunctionalInterface
public interface CompletionStreamListener {
    CompletionStreamListener NONE = delta -> { };

    void onContentDelta(String delta);
}
