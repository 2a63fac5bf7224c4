package sh.smarter.prompt.cli.chat;

import java.util.List;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.SessionKey;

/** Where {@code chat} runs its turns: the local database (embedded engine) or a running server. */
public interface ChatTarget extends AutoCloseable {

    /** Identifies the target in the CLI's memory of last sessions. */
    String stateKey();

    /** For the user: "the local database jdbc:h2:..." or "http://127.0.0.1:8080/". */
    String label();

    /**
     * Runs one turn, reporting it to the printer while it happens.
     *
     * @param session the session to continue, or null for a new one
     * @throws sh.smarter.prompt.core.error.PromptException or {@link sh.smarter.prompt.cli.failure.CliFailure} when
     *                                                      the turn could not even start (unknown chatbot or session,
     *                                                      no access); a provider failure is an outcome instead
     */
    TurnOutcome send(String chatbot, SessionKey session, String input, TranscriptPrinter printer);

    /** The stored messages of a session, oldest first, as role and text. */
    List<HistoryLine> history(String chatbot, SessionKey session);

    /** A stored message for {@code /history}. */
    record HistoryLine(String role, String content) {
    }

    @Override
    void close();

    /**
     * The chatbot a conversation names: {@code example}, or {@code 1234-5678-9012/example} when {@code --account}
     * picked one of several holders of the name (also the key the last session is remembered under).
     */
    static ChatbotRef ref(String chatbot) {
        int slash = chatbot.indexOf('/');
        return slash < 0 ? ChatbotRef.named(chatbot)
                : new ChatbotRef(AccountNumber.parse(chatbot.substring(0, slash)), chatbot.substring(slash + 1));
    }
}
