package sh.smarter.prompt.core.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.prompt.HandlePromptUseCase;
import sh.smarter.prompt.core.prompt.Idempotency;
import sh.smarter.prompt.core.prompt.PromptCommand;
import sh.smarter.prompt.core.prompt.PromptResult;
import sh.smarter.prompt.core.prompt.PromptStreamListener;

/**
 * The prompt use case with its turns measured: in flight while they run, then their outcome, time, provider share,
 * tokens and tools. The turn itself is untouched; a metrics adapter that throws is ignored.
 */
public final class MeasuredPrompts implements HandlePromptUseCase {
    private static final System.Logger LOG = System.getLogger(MeasuredPrompts.class.getName());

    private final HandlePromptUseCase delegate;
    private final TurnMetrics metrics;

    public MeasuredPrompts(HandlePromptUseCase delegate, TurnMetrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public PromptResult handle(PromptCommand command) {
        return measure(false, () -> delegate.handle(command));
    }

    @Override
    public PromptResult handle(PromptCommand command, PromptStreamListener listener) {
        return measure(isStreaming(listener), () -> delegate.handle(command, listener));
    }

    @Override
    public PromptResult handle(PromptCommand command, Idempotency idempotency, PromptStreamListener listener) {
        return measure(isStreaming(listener), () -> delegate.handle(command, idempotency, listener));
    }

    private static boolean isStreaming(PromptStreamListener listener) {
        return listener != null && listener != PromptStreamListener.NONE;
    }

    private PromptResult measure(boolean streamed, Supplier<PromptResult> run) {
        long start = System.nanoTime();
        quietly(metrics::turnStarted);
        ProviderTally tally = ProviderTally.begin();
        PromptResult result = null;
        TurnOutcome thrown = TurnOutcome.INTERNAL_ERROR;
        try {
            result = run.get();
            return result;
        } catch (PromptException e) {
            thrown = TurnOutcome.of(e);
            throw e;
        } finally {
            ProviderTally.end();
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            TurnMeasurement turn = result == null
                    ? new TurnMeasurement("", "", thrown, total, Duration.ofNanos(tally.nanos), tally.calls,
                    tally.promptTokens, tally.completionTokens, List.of(), streamed)
                    : measured(result, tally, total, streamed);
            quietly(() -> metrics.turnEnded(turn));
        }
    }

    private static TurnMeasurement measured(PromptResult result, ProviderTally tally, Duration total,
                                            boolean streamed) {
        List<TurnMeasurement.ToolUse> tools = new ArrayList<>();
        for (PromptResult.ToolCallSummary call : result.toolCalls()) {
            tools.add(new TurnMeasurement.ToolUse(call.functionName(),
                    call.plugin() == null ? "" : call.plugin().name()));
        }
        return new TurnMeasurement(result.chatbot().name(), result.session().key().abbreviated(), TurnOutcome.of(result.failure().orElse(null)), total,
                Duration.ofNanos(tally.nanos), tally.calls, tally.promptTokens, tally.completionTokens, tools, streamed);
    }

    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "turn metrics failed", e);
        }
    }
}
