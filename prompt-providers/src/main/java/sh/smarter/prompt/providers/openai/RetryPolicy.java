package sh.smarter.prompt.providers.openai;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Which failures are worth another attempt, and how long to wait before it. */
final class RetryPolicy {
    /** Overload and transient server trouble; 4xx other than 429 would fail the same way again. */
    private static final Set<Integer> RETRYABLE_STATUSES = Set.of(429, 500, 502, 503, 504);

    private final OpenAiSettings settings;

    RetryPolicy(OpenAiSettings settings) {
        this.settings = settings;
    }

    static boolean isRetryable(int status) {
        return RETRYABLE_STATUSES.contains(status);
    }

    /**
     * Exponential backoff with "equal jitter": half the exponential delay, plus a random part of the other half,
     * so that many clients refused at once do not come back at once.
     *
     * @param failedAttempt the attempt that just failed, from 1
     */
    Duration backoff(int failedAttempt) {
        long base = settings.baseBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long exponential = failedAttempt >= 31 ? max : Math.min(max, base << (failedAttempt - 1));
        long half = exponential / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
    }

    /** The provider's {@code Retry-After}, in delta-seconds or as an HTTP-date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::strip);
        if (value.isEmpty() || value.get().isEmpty()) {
            return Optional.empty();
        }
        String text = value.get();
        try {
            double seconds = Double.parseDouble(text);
            if (seconds >= 0 && Double.isFinite(seconds)) {
                return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
            }
            return Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    Duration maxRetryAfter() {
        return settings.maxRetryAfter();
    }

    int maxAttempts() {
        return settings.maxAttempts();
    }
}
