package sh.smarter.prompt.core.provider;

import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;

/**
 * A provider call that failed for good (after any retries). The message names the provider, the HTTP status and
 * the provider's own message, and never holds an API key.
 */
public final class ProviderException extends PromptException {
    private final String provider;
    private final int status;

    public ProviderException(ErrorKind kind, String provider, int status, String message, Throwable cause) {
        super(kind, errorClassFor(kind), message, cause);
        this.provider = provider;
        this.status = status;
    }

    public static ProviderException failed(String provider, int status, String message) {
        return new ProviderException(ErrorKind.PROVIDER_FAILED, provider, status, message, null);
    }

    public static ProviderException timeout(String provider, String message) {
        return new ProviderException(ErrorKind.PROVIDER_TIMEOUT, provider, 0, message, null);
    }

    public static ProviderException misconfigured(String provider, String message) {
        return new ProviderException(ErrorKind.PROVIDER_CONFIGURATION, provider, 0, message, null);
    }

    private static String errorClassFor(ErrorKind kind) {
        return switch (kind) {
            case PROVIDER_TIMEOUT -> "SmarterProviderTimeout";
            case PROVIDER_CONFIGURATION -> "SmarterProviderConfigurationError";
            default -> "SmarterProviderError";
        };
    }

    public String provider() {
        return provider;
    }

    /** The provider's HTTP status, or 0 when there was no HTTP answer. */
    public int status() {
        return status;
    }
}
