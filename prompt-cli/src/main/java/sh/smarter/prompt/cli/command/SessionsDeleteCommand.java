package sh.smarter.prompt.cli.command;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.SessionKey;

/** {@code prompt sessions delete CHATBOT KEY...}: deletes sessions with their messages. */
@Command(name = "delete", description = {"Deletes sessions of a chatbot.",
        "With all their messages and turn records. Every key is checked before anything is deleted."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt sessions delete example 9f86d0...",
                "  prompt sessions list example -o json | jq -r '.[].session_key' | xargs prompt sessions delete "
                        + "example"})
public final class SessionsDeleteCommand extends InstallationCommand {
    @Parameters(index = "0", paramLabel = "CHATBOT", description = "The chatbot's name.")
    private String chatbot;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY", description = "Session keys.")
    private List<String> keys;

    private List<SessionKey> sessions;

    @Mixin
    private AccountOption account;

    /** Every key is checked before anything is deleted: a typo in the third key deletes nothing. */
    @Override
    void checkArguments(Invocation invocation) {
        sessions = keys.stream().map(SessionKey::parse).toList();
        account.number();
    }

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        ChatbotRef ref = account.chatbot(chatbot, local);
        account.sharedNameNote(ref, local).ifPresent(note -> invocation.err().println(invocation.styles().dim(note)));
        for (SessionKey session : sessions) {
            try {
                local.engine().sessions().delete(ref, session, Principal.OPERATOR);
            } catch (RuntimeException e) {
                throw account.explained(e, ref, local);
            }
            invocation.out().println("deleted session " + session.value());
        }
        return ExitCode.OK;
    }
}
