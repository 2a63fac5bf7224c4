package sh.smarter.prompt.cli.command;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sh.smarter.prompt.cli.Version;
import sh.smarter.prompt.cli.chat.ChatConversation;
import sh.smarter.prompt.cli.chat.ChatTarget;
import sh.smarter.prompt.cli.chat.EmbeddedChatTarget;
import sh.smarter.prompt.cli.chat.InteractiveChat;
import sh.smarter.prompt.cli.chat.LastSessions;
import sh.smarter.prompt.cli.chat.RemoteChatTarget;
import sh.smarter.prompt.cli.chat.TranscriptPrinter;
import sh.smarter.prompt.cli.chat.TurnOutcome;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.settings.DatabaseOptions;
import sh.smarter.prompt.cli.settings.RemoteOptions;
import sh.smarter.prompt.cli.settings.ResolvedSettings;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.SessionKey;

/** {@code prompt chat CHATBOT}: a conversation in the terminal, on the local database or with a server. */
@Command(name = "chat", description = {"Chats with a chatbot, interactively or one message with -m.",
        "Continues the last session of the chatbot (remembered per database or server) unless --new. Runs on the "
                + "local database by default; --server talks to a running server and streams the answer.",
        "The answer goes to stdout; status lines and errors go to stderr."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt chat example                                   # interactive; /help inside",
                "  prompt chat example -m 'How many days until 2026-12-25?'",
                "  prompt chat example --new -m 'Hello'                  # a new session",
                "  prompt chat example --account 2222-2222-2222 -m 'Hi'  # a name several accounts hold",
                "  prompt chat example --server http://127.0.0.1:8080/ -m 'Hello'",
                "  prompt chat private_bot --server https://chat.example.com/ --api-key $KEY"})
public final class ChatCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "CHATBOT", description = "The chatbot's name.")
    private String chatbot;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "Send this one message and exit.")
    private String message;

    @Option(names = "--new", description = "Start a new session instead of continuing the last one.")
    private boolean startNew;

    @Option(names = "--session", paramLabel = "KEY", description = "Continue this session (64 hex characters).")
    private String sessionKey;

    @Option(names = {"-q", "--quiet"}, description = "No status lines (configuration, tools, tokens).")
    private boolean quiet;

    @Mixin
    private RemoteOptions remote;

    @Mixin
    private DatabaseOptions database;

    @Mixin
    private AccountOption account;

    @Override
    public Integer call() throws IOException {
        Invocation invocation = Invocation.of(spec);
        String name = ChatbotRef.named(chatbot).name();
        SessionKey explicit = sessionKey == null ? null : SessionKey.parse(sessionKey);
        ResolvedSettings settings = invocation.settings(remote, database);
        TranscriptPrinter printer = new TranscriptPrinter(invocation.out(), invocation.err(), invocation.styles(),
                !quiet);
        String userAgent = "smarter-prompt-cli/" + Version.current();
        if (settings.serverUrl().isPresent()) {
            // The server resolves the account-qualified name itself.
            ChatbotRef ref = account.number().map(number -> new ChatbotRef(number, name))
                    .orElse(ChatbotRef.named(name));
            try (ChatTarget target = new RemoteChatTarget(settings.serverUrl().get(),
                    settings.serverApiKey().orElse(null), userAgent)) {
                return converse(invocation, target, ref.toString(), explicit, printer);
            }
        }
        account.number();
        LocalInstallation local = invocation.open(settings);
        try (ChatTarget target = new EmbeddedChatTarget(local, userAgent)) {
            ChatbotRef ref = account.chatbot(name, local);
            account.sharedNameNote(ref, local).ifPresent(note -> invocation.err().println(
                    invocation.styles().dim(note)));
            try {
                return converse(invocation, target, ref.toString(), explicit, printer);
            } catch (RuntimeException e) {
                throw account.explained(e, ref, local);
            }
        }
    }

    private int converse(Invocation invocation, ChatTarget target, String chatbotName, SessionKey explicit,
                         TranscriptPrinter printer) throws IOException {
        ChatConversation conversation = new ChatConversation(target,
                new LastSessions(invocation.paths().stateDir()), chatbotName, explicit, startNew, printer);
        if (message != null) {
            TurnOutcome outcome = conversation.send(message);
            return outcome.failed() ? ExitCode.FAILURE : ExitCode.OK;
        }
        return new InteractiveChat(conversation, invocation.context().in(), invocation.out(), printer,
                invocation.styles()).run();
    }
}
