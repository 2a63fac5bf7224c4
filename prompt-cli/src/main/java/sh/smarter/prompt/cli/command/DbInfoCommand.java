package sh.smarter.prompt.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.output.OutputOptions;
import sh.smarter.prompt.cli.output.Printer;
import sh.smarter.prompt.cli.settings.DatabaseOptions;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.cli.wiring.SchemaMaintenance;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.SchemaStatus;

/** {@code prompt db info}: which database, and which migrations it has. Changes nothing. */
@Command(name = "info", description = {"Shows the database, its schema version and pending migrations.",
        "The password is masked. Changes nothing."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt db info",
                "  prompt db info -o json"})
public final class DbInfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private OutputOptions output;

    @Mixin
    private DatabaseOptions database;

    @Override
    public Integer call() {
        Invocation invocation = Invocation.of(spec);
        DatabaseSettings settings = LocalInstallation.database(invocation.settings(database));
        SchemaStatus status = SchemaMaintenance.status(settings);
        invocation.printer(output).object(describe(settings, status));
        return ExitCode.OK;
    }

    static ObjectNode describe(DatabaseSettings settings, SchemaStatus status) {
        ObjectNode json = Printer.JSON.createObjectNode()
                .put("database", LocalInstallation.label(settings))
                .put("user", settings.user())
                .put("schema_version", status.currentVersion())
                .put("up_to_date", status.isUpToDate());
        status.applied().forEach(json.putArray("applied")::add);
        status.pending().forEach(json.putArray("pending")::add);
        return json;
    }
}
