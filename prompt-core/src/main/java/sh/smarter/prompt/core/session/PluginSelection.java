package sh.smarter.prompt.core.session;

import java.time.Instant;
import java.util.Objects;

/** A plugin chosen for a turn, with the input that chose it and why. */
public record PluginSelection(String turnId, long pluginId, String pluginName, String inputText, String reason,
                              Instant createdAt) {
    public PluginSelection {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(pluginName, "pluginName");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
