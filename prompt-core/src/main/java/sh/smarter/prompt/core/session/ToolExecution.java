package sh.smarter.prompt.core.session;

import java.time.Instant;
import java.util.Objects;

/**
 * One executed tool call. {@code pluginId}/{@code pluginName} are set when the tool was a plugin, which is what
 * "plugin usage" means.
 */
public record ToolExecution(String turnId, String toolCallId, String functionName, String arguments, String result,
                            Long pluginId, String pluginName, long durationMillis, Instant createdAt) {
    public ToolExecution {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isPluginUsage() {
        return pluginId != null;
    }
}
