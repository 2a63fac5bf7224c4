package sh.smarter.prompt.cli.command;

import picocli.CommandLine.Command;

/** {@code prompt db ...}: the database schema. */
@Command(name = "db", description = {"Shows and migrates the database schema.",
        "serve and the other commands migrate on their own when they open the database."},
        subcommands = {DbInfoCommand.class, DbMigrateCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt db info",
                "  prompt db migrate --db-url jdbc:mysql://db:3306/prompt --db-user prompt"})
public final class DbCommand {
}
