package sh.smarter.prompt.core.metrics;

import java.time.Duration;
import java.util.Objects;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.provider.CompletionStreamListener;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.session.TokenUsage;

/** The provider port with its calls measured: how many wait for an answer now, how long each took, how it ended. */
public final class MeasuredProvider implements ChatCompletionProvider {
    private final ChatCompletionProvider delegate;
    private final TurnMetrics metrics;

    public MeasuredProvider(ChatCompletionProvider delegate, TurnMetrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public ChatCompletion complete(ProviderSettings provider, ChatRequest request) {
        return measure(provider, () -> delegate.complete(provider, request));
    }

    @Override
    public ChatCompletion stream(ProviderSettings provider, ChatRequest request, CompletionStreamListener listener) {
        return measure(provider, () -> delegate.stream(provider, request, listener));
    }

    private ChatCompletion measure(ProviderSettings provider, java.util.function.Supplier<ChatCompletion> call) {
        String name = provider == null ? "" : provider.name();
        long start = System.nanoTime();
        quietly(() -> metrics.providerCallStarted(name));
        boolean answered = false;
        TokenUsage usage = null;
        try {
            ChatCompletion completion = call.get();
            answered = true;
            usage = completion.usage();
            return completion;
        } finally {
            long nanos = System.nanoTime() - start;
            ProviderTally.add(nanos, usage);
            Duration took = Duration.ofNanos(nanos);
            boolean ok = answered;
            quietly(() -> metrics.providerCallEnded(name, took, ok));
        }
    }

    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ignored) {
            // Metrics never decide a provider call.
        }
    }
}
