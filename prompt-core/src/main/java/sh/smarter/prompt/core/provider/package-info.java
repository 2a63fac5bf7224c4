/**
 * The outbound port to an LLM: {@code ChatCompletionProvider}, the request it takes (messages, tools, model
 * parameters) and the completion it returns, streamed or whole.
 */
package sh.smarter.prompt.core.provider;
