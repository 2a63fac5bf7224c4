package sh.smarter.prompt.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.output.OutputOptions;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.FindAccountsUseCase;
import sh.smarter.prompt.core.access.FindChatbotsUseCase;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.manifest.ResourceKind;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionPage;

/** {@code prompt get KIND}: lists resources of one kind, or sessions. */
@Command(name = "get", description = {"Lists resources of one kind, or the most recent sessions.",
        "Kinds: " + ResourceListing.KINDS + ", sessions."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt get chatbots",
                "  prompt get plugins -o json",
                "  prompt get chatbots -o yaml > backup.yaml   # manifests that apply -f takes back",
                "  prompt get sessions --chatbot example --limit 5"})
public final class GetCommand extends InstallationCommand {
    @Parameters(paramLabel = "KIND", description = "What to list, e.g. chatbots, plugins or sessions.")
    private String kind;

    @Option(names = "--chatbot", paramLabel = "NAME", description = "With sessions: only this chatbot's.")
    private String chatbot;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "With sessions: at most N per chatbot, newest first (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Mixin
    private OutputOptions output;

    @Mixin
    private AccountOption account;

    private ResourceKind resourceKind;

    @Override
    void checkArguments(Invocation invocation) {
        resourceKind = kind.toLowerCase(Locale.ROOT).startsWith("session") ? null : ResourceListing.kind(kind);
        account.number();
    }

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        Optional<Account> only = account.account(local);
        if (resourceKind == null) {
            invocation.printer(output).list(SessionListing.sessions(recentSessions(local, only)));
        } else {
            // --account lists that account's resources only (the ACCOUNT column shows whose each one is).
            invocation.printer(output).list(ResourceListing.of(resourceKind,
                    local.resources().get(resourceKind, Principal.OPERATOR).stream()
                            .filter(manifest -> only.isEmpty() || only.get().number().value().equals(manifest
                                    .object("status").flatMap(status -> status.string("accountNumber")).orElse("")))
                            .toList()));
        }
        return ExitCode.OK;
    }

    private List<JsonNode> recentSessions(LocalInstallation local, Optional<Account> only) {
        FindAccountsUseCase accounts = local.engine().findAccounts();
        FindChatbotsUseCase found = local.engine().findChatbots();
        Map<Long, AccountNumber> numbers = new HashMap<>();
        accounts.all().forEach(each -> numbers.put(each.id(), each.number()));
        List<Chatbot> chatbots = new ArrayList<>();
        if (chatbot != null) {
            chatbots.addAll(found.named(ChatbotRef.named(chatbot).name()));
        } else {
            accounts.all().forEach(each -> chatbots.addAll(found.ofAccount(each.id())));
        }
        only.ifPresent(chosen -> chatbots.removeIf(bot -> bot.accountId() != chosen.id()));
        if (chatbot != null && chatbots.isEmpty()) {
            throw CliFailure.notFound("chatbot " + chatbot + " not found"
                    + only.map(chosen -> " in account " + chosen.number()).orElse(""));
        }
        List<JsonNode> items = new ArrayList<>();
        for (Chatbot bot : chatbots) {
            // Each chatbot by its own account: a name several accounts hold lists each holder's sessions.
            SessionPage page = local.engine().sessions().listSessions(new ChatbotRef(numbers.get(bot.accountId()),
                    bot.name()), null, Math.max(1, limit), false, Principal.OPERATOR);
            for (Session session : page.sessions()) {
                items.add(SessionListing.session(session, bot.name()));
            }
        }
        return items;
    }
}
