package sh.smarter.prompt.core.manifest;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.JsonObject;

/**
 * What every manifest has around its spec: apiVersion, kind and metadata. The kind readers get the spec of a
 * manifest whose envelope is valid.
 */
final class ManifestEnvelope {
    private static final Pattern SEMANTIC_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?");
    private static final String KIND_NAMES = Arrays.stream(ResourceKind.values())
            .map(ResourceKind::manifestName).collect(Collectors.joining(", "));

    private ManifestEnvelope() {
    }

    /** What every manifest's metadata says, read before its spec. */
    record Metadata(String name, String description, String version) {
    }

    /** Reads the spec of a manifest whose header and metadata are valid. */
    @FunctionalInterface
    interface SpecReader<T> {
        T read(ResourceKind kind, Metadata metadata, Fields spec);
    }

    static ResourceKind kind(JsonObject manifest) {
        if (!manifest.string("apiVersion").filter(ManifestReader.API_VERSION::equals).isPresent()) {
            throw PromptException.invalid("apiVersion must be " + ManifestReader.API_VERSION);
        }
        if (!manifest.has("kind")) {
            throw PromptException.invalid("kind is required");
        }
        String kind = manifest.string("kind").orElse("");
        if (kind.equals("LLMClient")) {
            return ResourceKind.CHATBOT;
        }
        return Arrays.stream(ResourceKind.values())
                .filter(k -> k.manifestName().equals(kind))
                .findFirst()
                .orElseThrow(() -> PromptException.invalid("kind must be one of " + KIND_NAMES));
    }

    static <T> T read(JsonObject manifest, Set<ResourceKind> accepted, SpecReader<T> specReader) {
        ResourceKind kind = kind(manifest);
        if (!accepted.contains(kind)) {
            throw PromptException.invalid("kind must be " + accepted.stream().map(ResourceKind::manifestName)
                    .collect(Collectors.joining(" or ")));
        }
        return Fields.read(manifest, root -> {
            // status is what describe adds; accepting it lets a described manifest be applied again as it is.
            root.ignore("apiVersion", "kind", "status");
            Metadata metadata = root.requiredObject("metadata", fields -> metadata(fields, kind));
            return root.requiredObject("spec", spec -> specReader.read(kind, metadata, spec));
        });
    }

    private static Metadata metadata(Fields metadata, ResourceKind kind) {
        metadata.ignore("tags", "annotations");
        // An account's name is a display name; every other resource is addressed by its snake_case name.
        String name = kind == ResourceKind.ACCOUNT ? metadata.requiredString("name") : metadata.name("name");
        String description = metadata.string("description");
        String version = metadata.string("version");
        if (version != null && !SEMANTIC_VERSION.matcher(version).matches()) {
            throw metadata.invalid("version", "must be a semantic version such as 1.0.0");
        }
        if (PluginKinds.ALL.contains(kind)) {
            String pluginClass = metadata.string("pluginClass");
            String expected = PluginKinds.pluginClassOf(kind);
            if (pluginClass != null && !pluginClass.equals(expected)) {
                throw metadata.invalid("pluginClass", "must be " + expected + " for kind " + kind.manifestName());
            }
        }
        if (kind != ResourceKind.ACCOUNT) {
            metadata.accountNumber(metadata.string("accountNumber"), "accountNumber");
        }
        return new Metadata(name, description, version);
    }
}
