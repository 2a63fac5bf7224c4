package sh.smarter.prompt.core.session;

import java.util.Objects;

/**
 * A function call requested by the model. {@code arguments} is the JSON text exactly as the model produced it,
 * which may be malformed; it is parsed only when the call is executed.
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? "{}" : arguments;
    }
}
