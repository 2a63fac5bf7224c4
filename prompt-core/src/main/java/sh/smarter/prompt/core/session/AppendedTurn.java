package sh.smarter.prompt.core.session;

import java.util.List;

/** The result of appending a turn: the session after it and the stored messages (seed first, if it was used). */
public record AppendedTurn(Session session, List<Message> messages) {
    public AppendedTurn {
        messages = List.copyOf(messages);
    }
}
