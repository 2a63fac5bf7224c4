package sh.smarter.prompt.core.metrics;

import java.time.Duration;
import java.util.List;

/**
 * Outbound port: what an operator measures about prompt turns (a metrics registry such as Prometheus). Every call
 * is made on the turn's own thread and must return quickly; an adapter that throws is ignored, never the turn.
 */
public interface TurnMetrics {
    TurnMetrics NONE = new TurnMetrics() {
    };

    /** A turn was accepted and runs now (it counts as in flight until {@link #turnEnded}). */
    default void turnStarted() {
    }

    /** The turn is over: answered, failed and stored, or refused. */
    default void turnEnded(TurnMeasurement turn) {
    }

    /** The turn now waits for the provider's answer. */
    default void providerCallStarted(String provider) {
    }

    /** The provider answered ({@code answered}) or failed for good after {@code took}. */
    default void providerCallEnded(String provider, Duration took, boolean answered) {
    }

    /** Tells every one of {@code metrics}; one that throws is skipped so it cannot break the others. */
    static TurnMetrics all(List<TurnMetrics> metrics) {
        List<TurnMetrics> copy = List.copyOf(metrics);
        if (copy.isEmpty()) {
            return NONE;
        }
        return copy.size() == 1 ? copy.get(0) : new TurnMetrics() {
            @Override
            public void turnStarted() {
                each(TurnMetrics::turnStarted);
            }

            @Override
            public void turnEnded(TurnMeasurement turn) {
                each(m -> m.turnEnded(turn));
            }

            @Override
            public void providerCallStarted(String provider) {
                each(m -> m.providerCallStarted(provider));
            }

            @Override
            public void providerCallEnded(String provider, Duration took, boolean answered) {
                each(m -> m.providerCallEnded(provider, took, answered));
            }

            private void each(java.util.function.Consumer<TurnMetrics> call) {
                for (TurnMetrics m : copy) {
                    try {
                        call.accept(m);
                    } catch (RuntimeException ignored) {
                        // Measuring is never required for correctness.
                    }
                }
            }
        };
    }
}
