package sh.smarter.prompt.cli.command;

import picocli.CommandLine.Parameters;
import sh.smarter.prompt.core.manifest.ResourceKind;

/** KIND NAME: the resource {@code describe} and {@code delete} act on. */
final class ResourceArguments {
    @Parameters(index = "0", paramLabel = "KIND", description = "chatbot, plugin, sqlconnection, provider, ...")
    private String kind;

    @Parameters(index = "1", paramLabel = "NAME", description = "The resource's name.")
    private String name;

    /** The kind, or a usage error that lists the kinds. */
    ResourceKind kind() {
        return ResourceListing.kind(kind);
    }

    String name() {
        return name;
    }
}
