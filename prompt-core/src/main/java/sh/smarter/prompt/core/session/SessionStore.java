package sh.smarter.prompt.core.session;

import java.util.Objects;

/**
 * The four session ports of one storage as one object, for wiring them in one go ({@code PromptEngine.Builder
 * .sessionStore}): an embedding program may implement this, or combine four separate adapters with
 * {@link #of}. The core's services never depend on it; each depends on the port its caller needs — {@link TurnStore}
 * (a prompt turn), {@link SessionHistory} (reading sessions back), {@link SessionMaintenance} (delete, prune) and
 * {@link TokenUsageTotals} (usage and daily budgets).
 */
public interface SessionStore extends TurnStore, SessionHistory, SessionMaintenance, TokenUsageTotals {

    /** One object that answers each port with the adapter given for it. */
    static SessionStore of(TurnStore turns, SessionHistory history, SessionMaintenance maintenance,
                           TokenUsageTotals totals) {
        return new CombinedSessionStore(Objects.requireNonNull(turns, "turns"),
                Objects.requireNonNull(history, "history"), Objects.requireNonNull(maintenance, "maintenance"),
                Objects.requireNonNull(totals, "totals"));
    }
}
