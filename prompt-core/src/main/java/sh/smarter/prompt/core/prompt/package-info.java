/**
 * A prompt turn, the heart of the product: {@code HandlePromptUseCase}, its command, and the steps of a turn (load
 * the context, offer tools, call the provider and record the round, run tools, append), idempotent replays included.
 */
package sh.smarter.prompt.core.prompt;
