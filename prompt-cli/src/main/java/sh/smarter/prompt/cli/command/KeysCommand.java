package sh.smarter.prompt.cli.command;

import java.util.List;
import picocli.CommandLine.Command;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.core.access.FindAccountsUseCase;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;

/** {@code prompt keys ...}: API keys of accounts. */
@Command(name = "keys", description = {"Creates, lists and revokes API keys.",
        "A server asks for a key (Authorization: Token <key>) to manage sessions and resources, and to use a "
                + "chatbot that requires one. Only a key's hash is stored: the key is printed once, when created."},
        subcommands = {KeysCreateCommand.class, KeysListCommand.class, KeysRevokeCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  KEY=$(prompt keys create --name ci)",
                "  prompt keys list",
                "  prompt keys revoke 3"})
public final class KeysCommand {

    /** The account named by number, or the installation's only account. */
    static Account account(FindAccountsUseCase accounts, String number) {
        if (number != null) {
            return accounts.find(AccountNumber.parse(number))
                    .orElseThrow(() -> CliFailure.notFound("account " + number + " not found"));
        }
        List<Account> all = accounts.all();
        if (all.isEmpty()) {
            throw CliFailure.notFound("there is no account yet: apply a manifest first "
                    + "(prompt apply -f examples/getting-started/), or start prompt serve once");
        }
        if (all.size() > 1) {
            throw CliFailure.usage("this installation has " + all.size() + " accounts; name one with --account");
        }
        return all.get(0);
    }
}
