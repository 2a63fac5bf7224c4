package sh.smarter.prompt.core.resource;

import java.util.List;
import java.util.Set;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.Json;

/** One parameter of a SQL or API plugin's tool, in JSON-schema terms. */
public record PluginParameter(String name, String type, String description, boolean required,
                              List<String> enumValues, Json defaultValue) {
    private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean");

    public PluginParameter {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw PromptException.invalid("parameter name must be an identifier (letters, digits, _)");
        }
        type = type == null ? "string" : type;
        if (!TYPES.contains(type)) {
            throw PromptException.invalid("parameter " + name + ": type must be one of " + TYPES);
        }
        description = description == null ? "" : description;
        enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
    }
}
