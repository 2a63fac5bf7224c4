package sh.smarter.prompt.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.ApiKeys;
import sh.smarter.prompt.core.resource.Account;

/** {@code prompt keys create}: a new API key, shown once. */
@Command(name = "create", description = {"Creates an API key and prints it once.",
        "The key is printed alone on stdout (the notes go to stderr), so KEY=$(prompt keys create) captures it."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt keys create --name laptop",
                "  prompt keys create --account 3141-5926-5359 --name ci"})
public final class KeysCreateCommand extends InstallationCommand {
    @Option(names = "--name", paramLabel = "NAME", defaultValue = "default",
            description = "A label to tell keys apart (default: ${DEFAULT-VALUE}).")
    private String name;

    @Option(names = "--account", paramLabel = "NUMBER",
            description = "The account, e.g. 0000-0000-0001; needed when there are several.")
    private String account;

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        Account owner = KeysCommand.account(local.engine().resourceCatalog(), account);
        ApiKeys.CreatedKey created = local.engine().apiKeys().create(owner.id(), name);
        invocation.err().println("Created API key " + created.stored().id() + " (" + created.stored().name()
                + ") for account " + owner.number() + ":");
        invocation.out().println(created.clearKey());
        invocation.out().flush();
        invocation.err().println(invocation.styles().bold("Store it now: it is shown only this once; the database "
                + "keeps only its hash.") + " Use it as: Authorization: Token <key>, or prompt chat --api-key.");
        return ExitCode.OK;
    }
}
