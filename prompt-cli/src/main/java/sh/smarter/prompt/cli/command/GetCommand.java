package sh.smarter.prompt.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.output.OutputOptions;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.manifest.ResourceKind;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.resource.ResourceCatalog;
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

    private ResourceKind resourceKind;

    @Override
    void checkArguments(Invocation invocation) {
        resourceKind = kind.toLowerCase(Locale.ROOT).startsWith("session") ? null : ResourceListing.kind(kind);
    }

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        if (resourceKind == null) {
            invocation.printer(output).list(SessionListing.sessions(recentSessions(local)));
        } else {
            invocation.printer(output).list(ResourceListing.of(resourceKind,
                    local.resources().get(resourceKind, Principal.OPERATOR)));
        }
        return ExitCode.OK;
    }

    private List<JsonNode> recentSessions(LocalInstallation local) {
        ResourceCatalog catalog = local.engine().resourceCatalog();
        List<Chatbot> chatbots = new ArrayList<>();
        if (chatbot != null) {
            chatbots.addAll(catalog.findChatbotsNamed(ChatbotRef.named(chatbot).name()));
            if (chatbots.isEmpty()) {
                throw CliFailure.notFound("chatbot " + chatbot + " not found");
            }
        } else {
            catalog.listAccounts().forEach(account -> chatbots.addAll(catalog.listChatbots(account.id())));
        }
        List<JsonNode> items = new ArrayList<>();
        for (Chatbot bot : chatbots) {
            SessionPage page = local.engine().sessions().listSessions(ChatbotRef.named(bot.name()), null,
                    Math.max(1, limit), false, Principal.OPERATOR);
            for (Session session : page.sessions()) {
                items.add(SessionListing.session(session, bot.name()));
            }
        }
        return items;
    }
}
