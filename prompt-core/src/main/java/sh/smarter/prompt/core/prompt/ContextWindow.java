package sh.smarter.prompt.core.prompt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.ToolCall;

/**
 * Chooses which stored messages a model sees: the newest ones that fit a message count and a token estimate.
 * The system message is kept by the caller. A window never begins with tool results whose request fell outside
 * it, since providers reject a {@code tool} message without its assistant request.
 */
public final class ContextWindow {
    private final int maxMessages;
    private final int maxTokens;

    public ContextWindow(int maxMessages, int maxTokens) {
        this.maxMessages = maxMessages;
        this.maxTokens = maxTokens;
    }

    /**
     * @param recent   model-visible messages, oldest first, without the pinned system message
     * @param reserved tokens already spent on the system message and the new input
     */
    public List<Message> select(List<Message> recent, int reserved) {
        int budget = maxTokens - reserved;
        Deque<Message> window = new ArrayDeque<>();
        for (int i = recent.size() - 1; i >= 0 && window.size() < maxMessages; i--) {
            Message message = recent.get(i);
            int cost = estimateTokens(message.content(), message.toolCalls());
            if (cost > budget) {
                break;
            }
            budget -= cost;
            window.addFirst(message);
        }
        while (!window.isEmpty() && window.peekFirst().role() == Role.TOOL) {
            window.removeFirst();
        }
        return List.copyOf(window);
    }

    public static int estimateTokens(NewMessage message) {
        return estimateTokens(message.content(), message.toolCalls());
    }

    /** About four characters a token, plus a few tokens of per-message overhead, as OpenAI documents. */
    static int estimateTokens(String content, List<ToolCall> toolCalls) {
        long chars = content == null ? 0 : content.length();
        for (ToolCall call : toolCalls) {
            chars += call.name().length() + call.arguments().length();
        }
        return (int) Math.min(Integer.MAX_VALUE, chars / 4 + 4);
    }
}
