package sh.smarter.prompt.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.settings.DatabaseOptions;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.cli.wiring.SchemaMaintenance;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.SchemaStatus;

/** {@code prompt db migrate}: applies pending schema migrations. */
@Command(name = "migrate", description = {"Applies the pending schema migrations.",
        "For example before starting several servers on an upgraded MySQL database."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt db migrate",
                "  SMARTER_PROMPT_DB_PASSWORD=... prompt db migrate --db-url jdbc:mysql://db:3306/prompt "
                        + "--db-user prompt"})
public final class DbMigrateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private DatabaseOptions database;

    @Override
    public Integer call() {
        Invocation invocation = Invocation.of(spec);
        DatabaseSettings settings = LocalInstallation.database(invocation.settings(database));
        SchemaStatus before = SchemaMaintenance.status(settings);
        SchemaStatus after = before.isUpToDate() ? before : SchemaMaintenance.migrate(settings);
        String label = LocalInstallation.label(settings);
        if (before.isUpToDate()) {
            invocation.out().println(label + " is up to date at schema version " + after.currentVersion());
        } else {
            invocation.out().println("migrated " + label + " from schema version "
                    + (before.currentVersion() == null ? "none (empty)" : before.currentVersion()) + " to "
                    + after.currentVersion() + " (applied " + String.join(", ", before.pending()) + ")");
        }
        return ExitCode.OK;
    }
}
