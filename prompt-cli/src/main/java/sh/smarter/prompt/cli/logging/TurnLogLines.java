package sh.smarter.prompt.cli.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.metrics.TurnMeasurement;
import sh.smarter.prompt.core.metrics.TurnMetrics;

/**
 * One INFO line per finished turn: outcome, chatbot, abbreviated session key, time and the provider's share. The
 * values also travel as key-value pairs, which {@code --log-format json} writes as fields of their own.
 */
public final class TurnLogLines implements TurnMetrics {
    private static final Logger LOG = LoggerFactory.getLogger("sh.smarter.prompt.turn");

    @Override
    public void turnEnded(TurnMeasurement turn) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        long millis = turn.total().toMillis();
        long providerMillis = turn.provider().toMillis();
        LOG.atInfo()
                .addKeyValue("outcome", turn.outcome().label())
                .addKeyValue("chatbot", turn.chatbot())
                .addKeyValue("session", turn.session())
                .addKeyValue("durationMs", millis)
                .addKeyValue("providerMs", providerMillis)
                .log("turn {} in {} ms (provider {} ms){}", turn.outcome().label(), millis, providerMillis,
                        turn.chatbot().isEmpty() ? "" : ": chatbot " + turn.chatbot() + ", session "
                                + turn.session());
    }
}
