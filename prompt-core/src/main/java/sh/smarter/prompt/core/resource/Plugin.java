package sh.smarter.prompt.core.resource;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A tool a chatbot may use, with the rules for when it is offered. {@code id} is 0 until stored. */
public record Plugin(long id, long accountId, String name, String description, String version,
                     PluginSelector selector, PromptOverrides prompt, List<PluginParameter> parameters,
                     PluginData data, Instant createdAt, Instant updatedAt) {
    public Plugin {
        ResourceName.require("plugin name", name);
        description = description == null ? "" : description;
        version = version == null || version.isBlank() ? "1.0.0" : version;
        selector = selector == null ? PluginSelector.ALWAYS : selector;
        prompt = prompt == null ? PromptOverrides.NONE : prompt;
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(createdAt, "createdAt");
        updatedAt = updatedAt == null ? createdAt : updatedAt;
    }

    public Plugin withId(long newId) {
        return new Plugin(newId, accountId, name, description, version, selector, prompt, parameters, data,
                createdAt, updatedAt);
    }
}
