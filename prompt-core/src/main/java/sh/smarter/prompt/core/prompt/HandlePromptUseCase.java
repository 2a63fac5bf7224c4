package sh.smarter.prompt.core.prompt;

/** Inbound port: run one prompt turn end to end and store it. */
public interface HandlePromptUseCase {

    PromptResult handle(PromptCommand command);

    /** The same turn, reported to the listener while it happens (for streaming clients). */
    PromptResult handle(PromptCommand command, PromptStreamListener listener);

    /**
     * The same turn, run at most once for the idempotency key: a retry with the same key and request answers with
     * the stored turn, waits for it while another attempt runs it, or runs it if no attempt stored it.
     *
     * @throws sh.smarter.prompt.core.error.PromptException UNPROCESSABLE when the key was used for another request
     */
    PromptResult handle(PromptCommand command, Idempotency idempotency, PromptStreamListener listener);
}
