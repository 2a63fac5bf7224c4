package sh.smarter.prompt.core.prompt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionTitles;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.core.session.Turn;

/** Collects what a turn produces, step by step, until it is appended in one piece. */
final class TurnInProgress {
    private static final int TITLE_LENGTH = 80;

    final String id;
    final Instant startedAt;
    final Chatbot chatbot;
    final Session session;
    final String input;
    final SafeListener listener;
    final List<NewMessage> messages = new ArrayList<>();
    final List<ProviderExchange> exchanges = new ArrayList<>();
    final List<ToolExecution> executions = new ArrayList<>();
    final List<PluginSelection> selections = new ArrayList<>();
    final List<PromptResult.ToolCallSummary> toolCalls = new ArrayList<>();
    TokenUsage usage = TokenUsage.NONE;

    TurnInProgress(String id, Instant startedAt, Chatbot chatbot, Session session, String input,
                   SafeListener listener) {
        this.id = id;
        this.startedAt = startedAt;
        this.chatbot = chatbot;
        this.session = session;
        this.input = input;
        this.listener = listener;
    }

    /** Adds a message to the turn; the caller sees every one but its own input as it happens. */
    void add(NewMessage message) {
        messages.add(message);
        if (message.role() != Role.USER) {
            listener.onMessage(message);
        }
    }

    Turn toTurn(List<NewMessage> seed) {
        // The requests' texts are for this turn's response only: a store that keeps objects would keep them too.
        List<ProviderExchange> toStore = exchanges.stream().map(ProviderExchange::withoutRequestText).toList();
        return new Turn(id, chatbot.id(), chatbot.accountId(), startedAt, seed, messages, toStore, executions,
                selections, usage, title(input));
    }

    private static String title(String input) {
        String line = input.strip().lines().findFirst().orElse("").strip();
        return SessionTitles.clipWithEllipsis(line, TITLE_LENGTH);
    }
}
