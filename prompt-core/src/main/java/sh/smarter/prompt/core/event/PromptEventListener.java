package sh.smarter.prompt.core.event;

import java.util.List;

/** Outbound port: observers of prompt turns (metrics, audit logs, the seed's "signals"). */
@FunctionalInterface
public interface PromptEventListener {
    PromptEventListener NONE = event -> { };

    void on(PromptEvent event);

    /** Calls every listener; one that throws is skipped so it cannot break the turn or the other listeners. */
    static PromptEventListener all(List<PromptEventListener> listeners) {
        List<PromptEventListener> copy = List.copyOf(listeners);
        return event -> {
            for (PromptEventListener listener : copy) {
                try {
                    listener.on(event);
                } catch (RuntimeException ignored) {
                    // Observers are never required for correctness.
                }
            }
        };
    }
}
