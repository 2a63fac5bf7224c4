package sh.smarter.prompt.core.metrics;

import java.util.Locale;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;

/**
 * How a turn ended, as a short stable label for metrics. Failures are classed by their error class and kind;
 * rate limits and budgets are recognised by name, so that a refusal class added later is counted right without
 * this list knowing its constant.
 */
public enum TurnOutcome {
    ANSWERED,
    PROVIDER_ERROR,
    PROVIDER_TIMEOUT,
    PROVIDER_MISCONFIGURED,
    TOOL_ROUND_LIMIT,
    RATE_LIMITED,
    OVER_BUDGET,
    /** Bad input, unknown chatbot or session, missing or insufficient credentials. */
    REFUSED,
    CONFLICT,
    STORAGE_UNAVAILABLE,
    INTERNAL_ERROR;

    /** The label: lower case, for example {@code provider_error}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome of a turn that failed with {@code failure}, or {@link #ANSWERED} when it is null. */
    public static TurnOutcome of(PromptException failure) {
        if (failure == null) {
            return ANSWERED;
        }
        String names = (failure.errorClass() + " " + failure.kind().name()).toLowerCase(Locale.ROOT);
        if (names.contains("toolround") || names.contains("tool_round")) {
            return TOOL_ROUND_LIMIT;
        }
        if (names.contains("ratelimit") || names.contains("rate_limit") || names.contains("toomanyrequests")) {
            return RATE_LIMITED;
        }
        if (names.contains("budget") || names.contains("quota")) {
            return OVER_BUDGET;
        }
        if (names.contains("configuration")) {
            return PROVIDER_MISCONFIGURED; // CONFIGURATION, PROVIDER_CONFIGURATION: a provider without its key or URL
        }
        return ofKind(failure.kind());
    }

    private static TurnOutcome ofKind(ErrorKind kind) {
        return switch (kind) {
            case PROVIDER_FAILED -> PROVIDER_ERROR;
            case PROVIDER_TIMEOUT -> PROVIDER_TIMEOUT;
            case CONFIGURATION -> PROVIDER_MISCONFIGURED;
            case INVALID_INPUT, NOT_FOUND, UNAUTHENTICATED, FORBIDDEN -> REFUSED;
            case CONFLICT -> CONFLICT;
            case STORAGE_UNAVAILABLE -> STORAGE_UNAVAILABLE;
            default -> INTERNAL_ERROR;
        };
    }
}
