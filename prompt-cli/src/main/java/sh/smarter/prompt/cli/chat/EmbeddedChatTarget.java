package sh.smarter.prompt.cli.chat;

import java.util.ArrayList;
import java.util.List;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.prompt.PromptCommand;
import sh.smarter.prompt.core.prompt.PromptResult;
import sh.smarter.prompt.core.prompt.PromptStreamListener;
import sh.smarter.prompt.core.prompt.SessionChoice;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.SessionKey;

/** Turns run by the engine on the local database, as the installation's operator. */
public final class EmbeddedChatTarget implements ChatTarget {
    private final LocalInstallation installation;
    private final ClientInfo client;

    public EmbeddedChatTarget(LocalInstallation installation, String userAgent) {
        this.installation = installation;
        this.client = new ClientInfo(null, userAgent, null, null);
    }

    @Override
    public String stateKey() {
        return LastSessions.localTarget(installation.databaseLabel());
    }

    @Override
    public String label() {
        return "the local database " + installation.databaseLabel();
    }

    @Override
    public TurnOutcome send(String chatbot, SessionKey session, String input, TranscriptPrinter printer) {
        PromptCommand command = new PromptCommand(ChatTarget.ref(chatbot),
                session == null ? SessionChoice.NEW : SessionChoice.existing(session), List.of(), input, client,
                Principal.OPERATOR);
        PromptResult result = installation.engine().prompts().handle(command, new PromptStreamListener() {
            @Override
            public void onDelta(String text) {
                printer.delta(text);
            }

            @Override
            public void onMessage(NewMessage message) {
                printer.message(message.role(), message.content(), message.name());
            }
        });
        return new TurnOutcome(result.session().key(), result.failure().map(Throwable::getMessage).orElse(null));
    }

    @Override
    public List<HistoryLine> history(String chatbot, SessionKey session) {
        List<HistoryLine> lines = new ArrayList<>();
        installation.engine().sessions().export(ChatTarget.ref(chatbot), session, Principal.OPERATOR,
                message -> lines.add(new HistoryLine(message.role().wireName(), message.content())));
        return lines;
    }

    @Override
    public void close() {
        installation.close();
    }
}
