package sh.smarter.prompt.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.Arrays;
import java.util.Iterator;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.ManageApiKeysUseCase;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.KeyScope;

/** {@code prompt keys create}: a new API key, shown once. */
@Command(name = "create", description = {"Creates an API key and prints it once.",
        "The key is printed alone on stdout (the notes go to stderr), so KEY=$(prompt keys create) captures it.",
        "A chat key (the default) may prompt and read the sessions it started: the key to hand to a widget or a "
                + "script. An admin key may also apply, get, describe and delete resources and read every session of "
                + "its account: the key for the smarter CLI."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt keys create --name widget",
                "  prompt keys create --name laptop --scope admin",
                "  prompt keys create --account 3141-5926-5359 --name ci"})
public final class KeysCreateCommand extends InstallationCommand {
    @Option(names = "--name", paramLabel = "NAME", defaultValue = "default",
            description = "A label to tell keys apart (default: ${DEFAULT-VALUE}).")
    private String name;

    @Option(names = "--account", paramLabel = "NUMBER",
            description = "The account, e.g. 0000-0000-0001; needed when there are several.")
    private String account;

    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "chat", completionCandidates = Scopes.class,
            description = "chat (prompts and its own sessions) or admin (also manifests, deletes and every session of "
                    + "the account); default: ${DEFAULT-VALUE}.")
    private String scope;

    private KeyScope keyScope;

    @Override
    void checkArguments(Invocation invocation) {
        try {
            keyScope = KeyScope.parse(scope);
        } catch (PromptException e) {
            throw CliFailure.usage("--scope: " + e.getMessage());
        }
    }

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        Account owner = KeysCommand.account(local.engine().findAccounts(), account);
        ManageApiKeysUseCase.CreatedKey created = local.engine().apiKeys().create(owner.id(), name, keyScope);
        invocation.err().println("Created API key " + created.stored().id() + " (" + created.stored().name()
                + ", scope " + keyScope.wireName() + ") for account " + owner.number() + ":");
        invocation.out().println(created.clearKey());
        invocation.out().flush();
        invocation.err().println(invocation.styles().bold("Store it now: it is shown only this once; the database "
                + "keeps only its hash.") + " Use it as: Authorization: Token <key>, or prompt chat --api-key.");
        return ExitCode.OK;
    }

    /** The scope names, for --help and shell completion. */
    static final class Scopes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(KeyScope.values()).map(KeyScope::wireName).iterator();
        }
    }
}
