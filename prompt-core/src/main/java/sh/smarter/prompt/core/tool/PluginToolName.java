package sh.smarter.prompt.core.tool;

import java.util.OptionalLong;

/**
 * Plugin tools are offered to the model as {@code smarter_plugin_} plus the plugin id zero-padded to 10 digits.
 * All ten digits are read back (the original read only the last four, which confused plugins 1 and 10001).
 */
public final class PluginToolName {
    public static final String PREFIX = "smarter_plugin_";
    private static final int DIGITS = 10;
    private static final long MAX_ID = 9_999_999_999L;

    private PluginToolName() {
    }

    public static String of(long pluginId) {
        if (pluginId < 1 || pluginId > MAX_ID) {
            throw new IllegalArgumentException("plugin id out of range for a tool name: " + pluginId);
        }
        return PREFIX + String.format("%010d", pluginId);
    }

    /** The plugin id in a tool name, or empty when the name is not exactly a plugin tool name. */
    public static OptionalLong parse(String toolName) {
        if (toolName == null || !toolName.startsWith(PREFIX) || toolName.length() != PREFIX.length() + DIGITS) {
            return OptionalLong.empty();
        }
        long id = 0;
        for (int i = PREFIX.length(); i < toolName.length(); i++) {
            char c = toolName.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            id = id * 10 + (c - '0');
        }
        return id == 0 ? OptionalLong.empty() : OptionalLong.of(id);
    }
}
