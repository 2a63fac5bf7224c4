package sh.smarter.prompt.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.manifest.ResourceKind;

/** {@code prompt delete KIND NAME}: removes a resource nothing uses any more. */
@Command(name = "delete", description = {"Deletes one resource.",
        "A resource still in use (a plugin a chatbot lists, a connection a plugin uses) is refused with exit code 4:"
                + " remove it from its users first. Sessions are deleted with `prompt sessions delete`."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt delete chatbot example",
                "  prompt delete plugin about_smarter_prompt"})
public final class DeleteCommand extends InstallationCommand {
    @Mixin
    private ResourceArguments resource;

    private ResourceKind kind;

    @Override
    void checkArguments(Invocation invocation) {
        kind = resource.kind();
    }

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        local.resources().delete(kind, resource.name(), Principal.OPERATOR);
        invocation.out().println(kind.manifestName() + " " + resource.name() + " deleted");
        return ExitCode.OK;
    }
}
