package sh.smarter.prompt.core.prompt;

/** Inbound port: run one prompt turn end to end and store it. */
public interface HandlePromptUseCase {

    PromptResult handle(PromptCommand command);

    /** The same turn, reported to the listener while it happens (for streaming clients). */
    PromptResult handle(PromptCommand command, PromptStreamListener listener);
}
