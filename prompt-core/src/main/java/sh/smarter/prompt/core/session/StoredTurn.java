package sh.smarter.prompt.core.session;

import java.util.List;
import java.util.Objects;

/**
 * A turn as stored: the session as it is now, the turn's messages in order (with the messages that seeded an empty
 * session, if it was the first turn), and its provider exchanges and tool executions.
 */
public record StoredTurn(Session session, String turnId, List<Message> messages, List<ProviderExchange> exchanges,
                         List<ToolExecution> toolExecutions) {
    public StoredTurn {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(turnId, "turnId");
        messages = List.copyOf(messages);
        exchanges = List.copyOf(exchanges);
        toolExecutions = List.copyOf(toolExecutions);
    }
}
