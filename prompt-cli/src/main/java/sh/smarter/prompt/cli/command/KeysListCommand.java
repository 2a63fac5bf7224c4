package sh.smarter.prompt.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.output.Column;
import sh.smarter.prompt.cli.output.Listing;
import sh.smarter.prompt.cli.output.OutputOptions;
import sh.smarter.prompt.cli.output.Printer;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.ManageApiKeysUseCase;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.ApiKey;

/** {@code prompt keys list}: every account's keys, masked. */
@Command(name = "list", description = {"Lists the API keys of every account, masked.",
        "Shows id, name, account, scope (chat or admin), the last four characters (****abcd), when created and when "
                + "revoked."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt keys list",
                "  prompt keys list -o json"})
public final class KeysListCommand extends InstallationCommand {
    @Mixin
    private OutputOptions output;

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        List<JsonNode> items = new ArrayList<>();
        ManageApiKeysUseCase keys = local.engine().apiKeys();
        for (Account account : local.engine().findAccounts().all()) {
            for (ApiKey key : keys.list(account.id(), Principal.OPERATOR)) {
                items.add(Printer.JSON.createObjectNode()
                        .put("id", key.id())
                        .put("name", key.name())
                        .put("account", account.number().value())
                        .put("scope", key.scope().wireName())
                        .put("key", key.hint())
                        .put("created_at", key.createdAt().toString())
                        .put("revoked_at", key.revokedAt() == null ? null : key.revokedAt().toString()));
            }
        }
        invocation.printer(output).list(new Listing(items, List.of(Column.at("ID", "/id"), Column.at("NAME", "/name"),
                Column.at("ACCOUNT", "/account"), Column.at("SCOPE", "/scope"), Column.at("KEY", "/key"), Column.at("CREATED", "/created_at"),
                Column.at("REVOKED", "/revoked_at")), "No API keys. Create one with: prompt keys create"));
        return ExitCode.OK;
    }
}
