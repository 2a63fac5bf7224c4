package sh.smarter.prompt.cli.command;

import picocli.CommandLine.Command;

/** {@code prompt examples ...}: what the examples under examples/ need. */
@Command(name = "examples", description = "Helpers for the examples under examples/.",
        subcommands = {ExamplesSampleDbCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt examples sample-db && prompt apply --allow-sql-driver h2 -f examples/sql-plugin/"})
public final class ExamplesCommand {
}
