package sh.smarter.prompt.core.manifest;

import java.util.EnumSet;
import java.util.Set;
import sh.smarter.prompt.core.resource.PluginData;

/** The three plugin kinds of manifests and the plugin classes ({@code static}, {@code sql}, {@code api}) they mean. */
public final class PluginKinds {
    static final Set<ResourceKind> ALL =
            EnumSet.of(ResourceKind.PLUGIN, ResourceKind.SQL_PLUGIN, ResourceKind.API_PLUGIN);

    private PluginKinds() {
    }

    /** The {@code metadata.pluginClass} a manifest of this kind must have. */
    static String pluginClassOf(ResourceKind kind) {
        return switch (kind) {
            case PLUGIN -> "static";
            case SQL_PLUGIN -> "sql";
            case API_PLUGIN -> "api";
            default -> throw new IllegalArgumentException(kind + " is not a plugin kind");
        };
    }

    /** The kind a plugin with this data is written as. */
    public static ResourceKind kindOf(PluginData data) {
        return ALL.stream().filter(kind -> pluginClassOf(kind).equals(data.pluginClass())).findFirst().orElseThrow();
    }
}
