package sh.smarter.prompt.core.error;

import java.time.Duration;
import java.util.Objects;

/**
 * A request refused because a limit is used up — a rate limit or a daily token budget — with how long until it
 * may be tried again (HTTP adapters send it as {@code Retry-After}).
 */
public final class LimitReachedException extends PromptException {
    private final Duration retryAfter;

    public LimitReachedException(String errorClass, String message, Duration retryAfter) {
        super(ErrorKind.LIMIT_REACHED, errorClass, message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds, rounded up and at least 1: what a {@code Retry-After} header carries. */
    public long retryAfterSeconds() {
        return wholeSeconds(retryAfter);
    }

    /** A wait in whole seconds, rounded up and at least 1. */
    public static long wholeSeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
