package sh.smarter.prompt.cli.command;

import java.util.List;
import picocli.CommandLine.Command;
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

    /** Every key is checked before anything is deleted: a typo in the third key deletes nothing. */
    @Override
    void checkArguments(Invocation invocation) {
        sessions = keys.stream().map(SessionKey::parse).toList();
    }

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        for (SessionKey session : sessions) {
            local.engine().sessions().delete(ChatbotRef.named(chatbot), session, Principal.OPERATOR);
            invocation.out().println("deleted session " + session.value());
        }
        return ExitCode.OK;
    }
}
