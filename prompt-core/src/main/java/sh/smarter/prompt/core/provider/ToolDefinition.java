package sh.smarter.prompt.core.provider;

import java.util.Objects;
import sh.smarter.prompt.core.json.JsonObject;

/** A function offered to the model: its name, what it does, and a JSON schema of its parameters. */
public record ToolDefinition(String name, String description, JsonObject parameters) {
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(parameters, "parameters");
    }

    /** The OpenAI chat-completions form: {"type": "function", "function": {...}}. */
    public JsonObject toJson() {
        return JsonObject.builder()
                .put("type", "function")
                .put("function", JsonObject.builder()
                        .put("name", name)
                        .put("description", description)
                        .put("parameters", parameters)
                        .build())
                .build();
    }
}
