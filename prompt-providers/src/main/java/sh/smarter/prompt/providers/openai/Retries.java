package sh.smarter.prompt.providers.openai;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.providers.http.HttpExchanges;

/**
 * Runs attempts of one call until one answers, one fails for good, or the {@link RetryPolicy} says stop: a wait
 * from {@code Retry-After} when the provider names one (refused when longer than the policy allows), else
 * exponential backoff with jitter.
 */
final class Retries {
    // The provider's logger: operators filter and read these lines under that name.
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleProvider.class);

    private final RetryPolicy policy;
    private final Consumer<String> retried;

    /** @param retried told of every attempt that is retried, with the provider's name (for metrics) */
    Retries(RetryPolicy policy, Consumer<String> retried) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.retried = Objects.requireNonNull(retried, "retried");
    }

    @FunctionalInterface
    interface Attempt {
        ChatCompletion run() throws RetryableFailure;
    }

    /** A failed attempt that another attempt may fix; {@code error} is what the caller gets if none does. */
    static final class RetryableFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ProviderException error;
        private final transient Duration retryAfter;

        RetryableFailure(ProviderException error, Duration retryAfter) {
            super(error.getMessage(), null, false, false);
            this.error = error;
            this.retryAfter = retryAfter;
        }
    }

    ChatCompletion run(PreparedCall call, Attempt attempt) {
        int maxAttempts = policy.maxAttempts();
        for (int n = 1; ; n++) {
            long started = System.nanoTime();
            LOG.debug("POST {} (provider {}, model {}, stream {}, key {}), attempt {}/{}", call.request().uri(),
                    call.provider(), call.model(), call.streaming(), call.maskedKey(), n, maxAttempts);
            try {
                ChatCompletion completion = attempt.run();
                LOG.debug("provider {} answered in {} ms: finish_reason {}, {} tokens", call.provider(),
                        (System.nanoTime() - started) / 1_000_000, completion.finishReason(),
                        completion.usage().totalTokens());
                return completion;
            } catch (RetryableFailure failure) {
                ProviderException error = failure.error;
                if (failure.retryAfter != null && failure.retryAfter.compareTo(policy.maxRetryAfter()) > 0) {
                    LOG.warn("{}; not retrying: it asks to wait {}", error.getMessage(),
                            HttpExchanges.describe(failure.retryAfter));
                    throw withMessage(error, error.getMessage() + " (it asks to retry after "
                            + HttpExchanges.describe(failure.retryAfter) + ", longer than the "
                            + HttpExchanges.describe(policy.maxRetryAfter()) + " this server waits)");
                }
                if (n >= maxAttempts) {
                    LOG.warn("{}; giving up after {} attempt(s)", error.getMessage(), n);
                    throw n == 1 ? error : withMessage(error, error.getMessage() + " (after " + n + " attempts)");
                }
                Duration wait = failure.retryAfter != null ? failure.retryAfter : policy.backoff(n);
                LOG.warn("{}; retrying in {} (attempt {}/{})", error.getMessage(), HttpExchanges.describe(wait),
                        n + 1, maxAttempts);
                try {
                    retried.accept(call.provider());
                } catch (RuntimeException ignored) {
                    // Counting a retry never stops it.
                }
                pause(call, wait);
            }
        }
    }

    private static ProviderException withMessage(ProviderException error, String message) {
        return new ProviderException(error.kind(), error.provider(), error.status(), message, error.getCause());
    }

    private static void pause(PreparedCall call, Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.failed(call.provider(), 0, "call to provider " + call.provider()
                    + " was interrupted while waiting to retry");
        }
    }
}
