package sh.smarter.prompt.core.session;

import java.util.List;
import java.util.Optional;

/** One page of a session listing; {@code nextCursor} is present when more sessions follow. */
public record SessionPage(List<Session> sessions, Optional<String> nextCursor) {
    public SessionPage {
        sessions = List.copyOf(sessions);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }
}
