package sh.smarter.prompt.core.prompt;

/**
 * A message as a client sent it. Only the role and text matter here; other keys clients send
 * ({@code smarter_is_new}, {@code tool_calls}, {@code annotations}, ...) are tolerated and ignored, because stored
 * history is the truth.
 */
public record IncomingMessage(String role, String content) {
}
