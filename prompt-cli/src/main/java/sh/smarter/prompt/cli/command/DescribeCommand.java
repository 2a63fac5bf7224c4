package sh.smarter.prompt.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.output.OutputFormat;
import sh.smarter.prompt.cli.output.OutputOptions;
import sh.smarter.prompt.cli.output.Printer;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.manifest.ResourceKind;

/** {@code prompt describe KIND NAME}: one resource as a manifest, secrets masked. */
@Command(name = "describe", description = {"Shows one resource as a manifest with its status.",
        "Secrets are masked. Prints YAML unless -o says otherwise; the output can be edited and applied again."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt describe chatbot example",
                "  prompt describe plugin about_smarter_prompt -o json",
                "  prompt describe chatbot example > example.yaml && $EDITOR example.yaml && prompt apply -f "
                        + "example.yaml"})
public final class DescribeCommand extends InstallationCommand {
    @Mixin
    private ResourceArguments resource;

    @Mixin
    private OutputOptions output;

    private ResourceKind kind;

    @Override
    void checkArguments(Invocation invocation) {
        kind = resource.kind();
    }

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        new Printer(invocation.out(), output.formatOr(OutputFormat.YAML)).object(
                Printer.toNode(local.resources().describe(kind, resource.name(), Principal.OPERATOR)));
        return ExitCode.OK;
    }
}
