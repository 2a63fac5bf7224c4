package sh.smarter.prompt.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.ManageApiKeysUseCase.RevokeApiKey;
import sh.smarter.prompt.core.access.Principal;

/** {@code prompt keys revoke ID}: the key stops working at once. */
@Command(name = "revoke", description = {"Revokes an API key by its id.",
        "The key authenticates nothing from now on. `prompt keys list` shows the ids."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt keys revoke 3"})
public final class KeysRevokeCommand extends InstallationCommand {
    @Parameters(paramLabel = "ID", description = "The key's id.")
    private long id;

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        if (!local.engine().apiKeys().revoke(new RevokeApiKey(id, Principal.OPERATOR))) {
            throw CliFailure.notFound("API key " + id + " not found");
        }
        invocation.out().println("revoked API key " + id);
        return ExitCode.OK;
    }
}
