package sh.smarter.prompt.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.output.OutputOptions;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.SessionPage;

/** {@code prompt sessions list CHATBOT}: one page of a chatbot's sessions. */
@Command(name = "list", description = {"Lists a chatbot's sessions, most recently active first.",
        "One page at a time; when more follow, stderr shows the command for the next page."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt sessions list example",
                "  prompt sessions list example --limit 100 -o json",
                "  prompt sessions list example --cursor <cursor printed by the previous page>"})
public final class SessionsListCommand extends InstallationCommand {
    @Parameters(paramLabel = "CHATBOT", description = "The chatbot's name.")
    private String chatbot;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "Sessions per page, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Where the previous page ended.")
    private String cursor;

    @Option(names = "--oldest-first", description = "Least recently active first.")
    private boolean oldestFirst;

    @Mixin
    private OutputOptions output;

    @Mixin
    private AccountOption account;

    @Override
    void checkArguments(Invocation invocation) {
        account.number();
    }

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        ChatbotRef ref = account.chatbot(chatbot, local);
        account.sharedNameNote(ref, local).ifPresent(note -> invocation.err().println(invocation.styles().dim(note)));
        SessionPage page = local.engine().sessions().listSessions(ref, cursor, limit, oldestFirst,
                Principal.OPERATOR);
        invocation.printer(output).list(SessionListing.sessions(page.sessions().stream()
                .map(session -> SessionListing.session(session, chatbot)).toList()));
        page.nextCursor().ifPresent(next -> invocation.err().println(invocation.styles().dim(
                "more: prompt sessions list " + chatbot + ref.accountNumber().map(n -> " --account " + n).orElse("")
                        + " --limit " + limit + (oldestFirst ? " --oldest-first" : "") + " --cursor " + next)));
        return ExitCode.OK;
    }
}
