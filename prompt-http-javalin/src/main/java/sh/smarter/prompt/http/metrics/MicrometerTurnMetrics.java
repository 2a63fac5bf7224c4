package sh.smarter.prompt.http.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import sh.smarter.prompt.core.metrics.TurnMeasurement;
import sh.smarter.prompt.core.metrics.TurnMetrics;

/**
 * The turn measurements as Micrometer meters. Labels stay few and bounded: the outcome, the provider, the chatbot
 * (only for turns of a chatbot that exists) and the tool; never a session or a user's text.
 */
public final class MicrometerTurnMetrics implements TurnMetrics {
    /** Histogram buckets for turn and provider times: an LLM answer takes from a fraction of a second to minutes. */
    static final Duration[] TURN_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waitingAtProvider = new AtomicInteger();

    public MicrometerTurnMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("smarter.prompt.turns.in.flight", inFlight, AtomicInteger::get)
                .description("Prompt turns running now").register(registry);
        Gauge.builder("smarter.prompt.provider.waiting", waitingAtProvider, AtomicInteger::get)
                .description("Provider calls waiting for an answer now").register(registry);
    }

    @Override
    public void turnStarted() {
        inFlight.incrementAndGet();
    }

    @Override
    public void turnEnded(TurnMeasurement turn) {
        inFlight.decrementAndGet();
        String outcome = turn.outcome().label();
        Counter.builder("smarter.prompt.turns").description("Prompt turns by how they ended")
                .tag("outcome", outcome).register(registry).increment();
        turnTimer("total").record(turn.total());
        turnTimer("server").record(turn.server());
        if (turn.providerRounds() > 0) {
            turnTimer("provider").record(turn.provider());
        }
        if (!turn.chatbot().isEmpty()) {
            tokens(turn.chatbot(), "prompt").increment((double) turn.promptTokens());
            tokens(turn.chatbot(), "completion").increment((double) turn.completionTokens());
        }
        for (TurnMeasurement.ToolUse tool : turn.tools()) {
            Counter.builder("smarter.prompt.tool.calls").description("Tool calls the model made, by function")
                    .tag("function", tool.function()).tag("plugin", tool.plugin()).register(registry).increment();
        }
    }

    @Override
    public void providerCallStarted(String provider) {
        waitingAtProvider.incrementAndGet();
    }

    @Override
    public void providerCallEnded(String provider, Duration took, boolean answered) {
        waitingAtProvider.decrementAndGet();
        Counter.builder("smarter.prompt.provider.calls").description("Provider calls, after their retries")
                .tag("provider", provider).tag("result", answered ? "answered" : "failed").register(registry)
                .increment();
    }

    /** A retry the provider adapter made inside one call (overload, a 5xx, a dropped connection). */
    public void providerRetried(String provider) {
        Counter.builder("smarter.prompt.provider.retries").description("Provider attempts that were retried")
                .tag("provider", provider).register(registry).increment();
    }

    private Timer turnTimer(String part) {
        return Timer.builder("smarter.prompt.turn.duration")
                .description("Prompt turn time: total, the provider's share, and the server's own (total less "
                        + "provider)")
                .tag("part", part).serviceLevelObjectives(TURN_BUCKETS).register(registry);
    }

    private Counter tokens(String chatbot, String kind) {
        return Counter.builder("smarter.prompt.tokens").description("Tokens charged by providers, by chatbot")
                .tag("chatbot", chatbot).tag("kind", kind).register(registry);
    }
}
