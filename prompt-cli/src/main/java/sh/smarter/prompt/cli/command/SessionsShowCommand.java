package sh.smarter.prompt.cli.command;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.output.OutputOptions;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.SessionKey;

/** {@code prompt sessions show CHATBOT [KEY]}: a session's messages. */
@Command(name = "show", description = {"Prints a session's messages, oldest first.",
        "Without KEY: the session `prompt chat CHATBOT` continues on this database."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt sessions show example",
                "  prompt sessions show example 9f86d0... -o yaml",
                "  prompt sessions show example 9f86d0... --after-seq 100 --limit 50"})
public final class SessionsShowCommand extends InstallationCommand {
    @Parameters(index = "0", paramLabel = "CHATBOT", description = "The chatbot's name.")
    private String chatbot;

    @Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "The session key.")
    private String key;

    @Option(names = "--after-seq", paramLabel = "SEQ", defaultValue = "0",
            description = "Only messages after this sequence number.")
    private long afterSeq;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
            description = "At most N messages, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Mixin
    private OutputOptions output;

    @Mixin
    private AccountOption account;

    private SessionKey named;

    @Override
    void checkArguments(Invocation invocation) {
        named = key == null ? null : SessionKey.parse(key);
        account.number();
    }

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        ChatbotRef ref = account.chatbot(chatbot, local);
        account.sharedNameNote(ref, local).ifPresent(note -> invocation.err().println(invocation.styles().dim(note)));
        SessionKey session = named != null ? named : invocation.rememberedSession(local, ref.toString())
                .orElseThrow(() -> CliFailure.notFound("no session of " + ref.name() + " remembered on this "
                        + "database; name one (prompt sessions list " + ref.name()
                        + ref.accountNumber().map(n -> " --account " + n).orElse("") + ")"));
        List<Message> messages;
        try {
            messages = local.engine().sessions().messages(ref, session, afterSeq, limit, Principal.OPERATOR);
        } catch (RuntimeException e) {
            throw account.explained(e, ref, local);
        }
        invocation.printer(output).list(SessionListing.messages(messages));
        return ExitCode.OK;
    }
}
