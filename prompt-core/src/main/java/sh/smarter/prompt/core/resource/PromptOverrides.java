package sh.smarter.prompt.core.resource;

import java.util.Optional;

/**
 * What a selected plugin changes in the request: text appended to the system message, and optionally the model,
 * temperature and max tokens. Absent values (null) leave the chatbot's settings alone.
 */
public record PromptOverrides(String systemRole, String model, Double temperature, Integer maxTokens) {
    public static final PromptOverrides NONE = new PromptOverrides(null, null, null, null);

    public PromptOverrides {
        systemRole = systemRole == null || systemRole.isBlank() ? null : systemRole;
        model = model == null || model.isBlank() ? null : model;
        Chatbot.checkTemperature("plugin temperature", temperature);
        if (maxTokens != null && maxTokens < 1) {
            throw sh.smarter.prompt.core.error.PromptException.invalid("plugin maxTokens must be at least 1");
        }
    }

    public Optional<String> systemRoleText() {
        return Optional.ofNullable(systemRole);
    }

    public Optional<String> modelName() {
        return Optional.ofNullable(model);
    }

    public Optional<Double> temperatureValue() {
        return Optional.ofNullable(temperature);
    }

    public Optional<Integer> maxTokensValue() {
        return Optional.ofNullable(maxTokens);
    }
}
