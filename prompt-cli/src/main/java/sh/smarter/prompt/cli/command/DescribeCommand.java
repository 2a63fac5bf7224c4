package sh.smarter.prompt.cli.command;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.output.OutputFormat;
import sh.smarter.prompt.cli.output.OutputOptions;
import sh.smarter.prompt.cli.output.Printer;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.manifest.ResourceKind;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.wire.json.JacksonJson;

/** {@code prompt describe KIND NAME}: one resource as a manifest, secrets masked. */
@Command(name = "describe", description = {"Shows one resource as a manifest with its status.",
        "Secrets are masked. Prints YAML unless -o says otherwise; the output can be edited and applied again."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt describe chatbot example",
                "  prompt describe plugin about_smarter_prompt -o json",
                "  prompt describe chatbot example --account 2222-2222-2222   # a name several accounts use",
                "  prompt describe chatbot example > example.yaml && $EDITOR example.yaml && prompt apply -f "
                        + "example.yaml"})
public final class DescribeCommand extends InstallationCommand {
    @Mixin
    private ResourceArguments resource;

    @Mixin
    private OutputOptions output;

    @Mixin
    private AccountOption account;

    private ResourceKind kind;

    @Override
    void checkArguments(Invocation invocation) {
        kind = resource.kind();
        account.number();
    }

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        new Printer(invocation.out(), output.formatOr(OutputFormat.YAML))
                .object(JacksonJson.toNode(manifest(local)));
        return ExitCode.OK;
    }

    /**
     * The resource's manifest: in the account given, or the only one of that name. Several accounts may use a name;
     * then the account must be named, and the message says how.
     */
    private JsonObject manifest(LocalInstallation local) {
        String what = kind.manifestName().toLowerCase(Locale.ROOT) + " '" + resource.name() + "'";
        List<JsonObject> named = local.resources().get(kind, Principal.OPERATOR).stream()
                .filter(manifest -> resource.name().equals(field(manifest, "metadata", "name")))
                .toList();
        List<String> holders = named.stream().map(manifest -> field(manifest, "status", "accountNumber")).toList();
        Optional<Account> chosen = account.account(local);
        if (chosen.isPresent()) {
            String number = chosen.get().number().value();
            return named.stream().filter(manifest -> number.equals(field(manifest, "status",
                    "accountNumber"))).findFirst().orElseThrow(() -> CliFailure.notFound(what + " not found in "
                    + "account " + number + (holders.isEmpty() ? "" : "; it is in " + AccountOption.accounts(holders)
                    + ": add " + AccountOption.alternatives(holders))));
        }
        if (holders.size() > 1) {
            throw CliFailure.usage(what + " is held by " + AccountOption.accounts(holders) + "; add "
                    + AccountOption.alternatives(holders));
        }
        return local.resources().describe(kind, resource.name(), Principal.OPERATOR);
    }

    private static String field(JsonObject manifest, String section, String key) {
        return manifest.object(section).flatMap(object -> object.string(key)).orElse("");
    }
}
