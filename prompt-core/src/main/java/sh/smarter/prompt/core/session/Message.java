package sh.smarter.prompt.core.session;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stored message. {@code seq} is dense per session, starts at 1 and is the only ordering key.
 */
public record Message(long seq, Role role, String content, List<ToolCall> toolCalls, String toolCallId,
                      String name, String turnId, Instant createdAt) {
    public Message {
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, got " + seq);
        }
        Objects.requireNonNull(role, "role");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static Message stored(long seq, NewMessage draft, String turnId, Instant createdAt) {
        return new Message(seq, draft.role(), draft.content(), draft.toolCalls(), draft.toolCallId(), draft.name(),
                turnId, createdAt);
    }

    public NewMessage draft() {
        return new NewMessage(role, content, toolCalls, toolCallId, name);
    }

    public boolean requestsTools() {
        return !toolCalls.isEmpty();
    }
}
