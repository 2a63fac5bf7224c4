package sh.smarter.prompt.core.prompt;

import java.util.List;
import java.util.stream.Collectors;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.provider.ToolDefinition;
import sh.smarter.prompt.core.session.TokenUsage;

/** The texts of the {@code smarter} status lines a turn adds to the conversation (worded after the original). */
final class StatusLines {
    private StatusLines() {
    }

    static String configuration(String provider, String model, double temperature, int maxTokens, boolean tools) {
        return "Prompt configuration: llm=" + provider + ", model=" + model + ", temperature=" + temperature
                + ", max_completion_tokens=" + maxTokens + (tools ? ", tool_choice=auto." : ".");
    }

    static String toolsPresented(List<ToolDefinition> tools) {
        return "Tools presented: " + tools.stream()
                .map(tool -> tool.name() + "(" + parameterNames(tool) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String parameterNames(ToolDefinition tool) {
        return String.join(", ", tool.parameters().object("properties").orElse(JsonObject.EMPTY).keys());
    }

    static String pluginSelected(String pluginName, String reason) {
        return "Smarter selected this plugin: " + pluginName + " (" + reason + ")";
    }

    static String toolCalled(String provider, String functionName, String arguments) {
        return provider + " called this tool: " + functionName + "(" + arguments + ")";
    }

    static String charges(String provider, TokenUsage usage) {
        return provider + " prompt charges: " + usage.promptTokens() + " prompt tokens, " + usage.completionTokens()
                + " completion tokens = " + usage.totalTokens() + " total tokens charged.";
    }

    static String providerFailed(String provider, String message) {
        return provider + " raised an error: " + message;
    }

    static String roundLimit(int rounds) {
        return "Stopped after " + rounds + " rounds of tool calls: the model kept asking for more. The requested"
                + " calls were not run. Try asking more specifically.";
    }
}
