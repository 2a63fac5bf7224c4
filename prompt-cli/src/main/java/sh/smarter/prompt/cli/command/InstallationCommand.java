package sh.smarter.prompt.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import sh.smarter.prompt.cli.settings.DatabaseOptions;
import sh.smarter.prompt.cli.wiring.LocalInstallation;

/**
 * A command that works on this installation's data: it checks its arguments, opens the database (migrating it),
 * does its work and closes the database again.
 */
abstract class InstallationCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private DatabaseOptions database;

    @Override
    public final Integer call() throws Exception {
        Invocation invocation = Invocation.of(spec);
        checkArguments(invocation);
        try (LocalInstallation local = invocation.open(invocation.settings(database))) {
            return run(invocation, local);
        }
    }

    /** Checks what can be checked before the database opens, so that a typo fails at once. */
    void checkArguments(Invocation invocation) throws Exception {
    }

    /** The command's work; returns the exit code. */
    abstract int run(Invocation invocation, LocalInstallation local) throws Exception;
}
