package sh.smarter.prompt.core.prompt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.event.PromptEvent;
import sh.smarter.prompt.core.event.PromptEventListener;
import sh.smarter.prompt.core.session.AppendedTurn;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.core.session.TurnContext;
import sh.smarter.prompt.core.session.TurnStore;

/**
 * The last step of a turn: store it in one append, then tell the event listeners what happened (only after the
 * store, so no event describes a turn that was lost).
 */
final class TurnAppending {
    private final TurnStore sessions;
    private final PromptEventListener events;
    private final Clock clock;

    TurnAppending(TurnStore sessions, PromptEventListener events, Clock clock) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The session after the append and the messages this turn added to it. */
    record Appended(Session session, List<Message> created) {
    }

    /** Appends a turn that ran against the context it read (the store may refer to that context). */
    Appended append(TurnContext readBefore, Turn toStore, TurnInProgress turn, PromptException failure) {
        return published(sessions.appendTurn(readBefore, toStore), turn, failure);
    }

    /** Appends a turn that never called the provider (a refusal). */
    Appended append(Session readBefore, Turn toStore, TurnInProgress turn, PromptException failure) {
        return published(sessions.appendTurn(readBefore, toStore), turn, failure);
    }

    private Appended published(AppendedTurn appended, TurnInProgress turn, PromptException failure) {
        List<Message> stored = appended.messages();
        List<Message> created = stored.subList(stored.size() - turn.messages.size(), stored.size());
        publish(appended.session(), turn, failure);
        return new Appended(appended.session(), created);
    }

    private void publish(Session session, TurnInProgress turn, PromptException failure) {
        for (PluginSelection s : turn.selections) {
            events.on(new PromptEvent.PluginSelected(turn.id, s.pluginId(), s.pluginName(), s.reason(),
                    s.createdAt()));
        }
        for (ToolExecution t : turn.executions) {
            events.on(new PromptEvent.ToolCalled(turn.id, t.functionName(), t.arguments(), t.result(), t.pluginId(),
                    t.durationMillis(), t.createdAt()));
        }
        Instant now = clock.instant();
        if (failure != null) {
            events.on(new PromptEvent.ResponseFailed(turn.id, turn.chatbot.id(), session.key(), failure.errorClass(),
                    failure.getMessage(), now));
        }
        events.on(new PromptEvent.PromptFinished(turn.id, turn.chatbot.id(), session.key(), turn.exchanges.size(),
                turn.usage.promptTokens(), turn.usage.completionTokens(),
                Duration.between(turn.startedAt, now).toMillis(), now));
    }
}
