package sh.smarter.prompt.core.session;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a prompt turn reads before it calls the provider: the session, its first system message and its newest
 * messages of the roles a model sees (oldest first), all as of one moment.
 */
public record TurnContext(Session session, Optional<Message> firstSystemMessage, List<Message> recentMessages) {
    public TurnContext {
        Objects.requireNonNull(session, "session");
        firstSystemMessage = firstSystemMessage == null ? Optional.empty() : firstSystemMessage;
        recentMessages = List.copyOf(recentMessages == null ? List.of() : recentMessages);
    }
}
