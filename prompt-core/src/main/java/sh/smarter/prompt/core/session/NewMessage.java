package sh.smarter.prompt.core.session;

import java.util.List;
import java.util.Objects;

/** A message about to be appended; the store gives it its {@code seq} and timestamp. */
public record NewMessage(Role role, String content, List<ToolCall> toolCalls, String toolCallId, String name) {
    public NewMessage {
        Objects.requireNonNull(role, "role");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if (content == null && toolCalls.isEmpty()) {
            // Only an assistant message that requests tools may go without content.
            content = "";
        }
    }

    public static NewMessage system(String content) {
        return new NewMessage(Role.SYSTEM, content, null, null, null);
    }

    public static NewMessage user(String content) {
        return new NewMessage(Role.USER, content, null, null, null);
    }

    public static NewMessage assistant(String content) {
        return new NewMessage(Role.ASSISTANT, content, null, null, null);
    }

    public static NewMessage assistant(String content, List<ToolCall> toolCalls) {
        return new NewMessage(Role.ASSISTANT, content, toolCalls, null, null);
    }

    public static NewMessage toolResult(String toolCallId, String functionName, String resultJson) {
        return new NewMessage(Role.TOOL, resultJson, null, toolCallId, functionName);
    }

    public static NewMessage smarter(String content) {
        return new NewMessage(Role.SMARTER, content, null, null, null);
    }

    public static NewMessage smarterError(String content) {
        return new NewMessage(Role.SMARTER_ERROR, content, null, null, null);
    }

    public boolean requestsTools() {
        return !toolCalls.isEmpty();
    }
}
