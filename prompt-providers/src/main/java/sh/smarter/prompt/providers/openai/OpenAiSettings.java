package sh.smarter.prompt.providers.openai;

import java.time.Duration;
import java.util.Objects;

/**
 * How the OpenAI-compatible adapter talks to providers.
 *
 * @param connectTimeout   how long to wait for a TCP/TLS connection
 * @param requestTimeout   how long to wait for a complete answer; when streaming, how long the stream may stay
 *                         silent (first byte, then between lines)
 * @param maxAttempts      attempts per call, the first included (so 3 means at most 2 retries)
 * @param baseBackoff      wait before the first retry; it doubles per retry, with jitter
 * @param maxBackoff       the longest wait between attempts computed from the backoff
 * @param maxRetryAfter    the longest {@code Retry-After} honoured; a provider asking for more fails the call at once
 * @param maxResponseBytes the largest answer accepted
 */
public record OpenAiSettings(Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration baseBackoff,
                             Duration maxBackoff, Duration maxRetryAfter, long maxResponseBytes) {
    public static final OpenAiSettings DEFAULTS = new OpenAiSettings(Duration.ofSeconds(10), Duration.ofSeconds(60),
            3, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(30), 16L * 1024 * 1024);

    public OpenAiSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(baseBackoff, "baseBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (baseBackoff.isNegative() || maxBackoff.compareTo(baseBackoff) < 0 || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("backoffs must be >= 0 and maxBackoff >= baseBackoff");
        }
        if (maxResponseBytes < 1024) {
            throw new IllegalArgumentException("maxResponseBytes must be at least 1024");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    public OpenAiSettings withConnectTimeout(Duration value) {
        return new OpenAiSettings(value, requestTimeout, maxAttempts, baseBackoff, maxBackoff, maxRetryAfter,
                maxResponseBytes);
    }

    public OpenAiSettings withRequestTimeout(Duration value) {
        return new OpenAiSettings(connectTimeout, value, maxAttempts, baseBackoff, maxBackoff, maxRetryAfter,
                maxResponseBytes);
    }

    public OpenAiSettings withMaxAttempts(int value) {
        return new OpenAiSettings(connectTimeout, requestTimeout, value, baseBackoff, maxBackoff, maxRetryAfter,
                maxResponseBytes);
    }

    public OpenAiSettings withBackoff(Duration base, Duration max) {
        return new OpenAiSettings(connectTimeout, requestTimeout, maxAttempts, base, max, maxRetryAfter,
                maxResponseBytes);
    }

    public OpenAiSettings withMaxRetryAfter(Duration value) {
        return new OpenAiSettings(connectTimeout, requestTimeout, maxAttempts, baseBackoff, maxBackoff, value,
                maxResponseBytes);
    }
}
