package sh.smarter.prompt.providers.openai;

import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.providers.http.BoundedBody;
import sh.smarter.prompt.providers.http.HttpExchanges;
import sh.smarter.prompt.providers.openai.Retries.RetryableFailure;
import sh.smarter.prompt.wire.json.JacksonJson;

/**
 * What a provider's answer means: a completion, or the failure it stands for — retryable (overload, transient
 * server errors, a connection that failed) or final. Every message is scrubbed of the call's key.
 */
final class ProviderAnswers {
    private static final int MAX_DETAIL_CHARS = 200;

    private ProviderAnswers() {
    }

    /** A 2xx JSON body read as a completion, parsed once. */
    static ChatCompletion completion(PreparedCall call, byte[] body) {
        JsonObject raw;
        try {
            raw = JacksonJson.parseObject(body);
        } catch (IllegalArgumentException e) {
            throw malformed(call, "not a JSON object (" + e.getMessage() + ")");
        }
        return completion(call, raw);
    }

    static ChatCompletion completion(PreparedCall call, JsonObject raw) {
        if (raw.has("error") && !raw.has("choices")) {
            throw ProviderException.failed(call.provider(), 200, call.scrub("provider " + call.provider()
                    + " answered with an error: " + ErrorBodies.messageOf(raw).orElse(raw.toJson())));
        }
        try {
            return ChatCompletion.fromJson(raw);
        } catch (IllegalArgumentException e) {
            throw malformed(call, e.getMessage());
        }
    }

    static ProviderException malformed(PreparedCall call, String detail) {
        return ProviderException.failed(call.provider(), 200, call.scrub("provider " + call.provider()
                + " returned a malformed completion: " + BoundedBody.excerpt(detail, MAX_DETAIL_CHARS)));
    }

    /** A non-2xx answer: retryable for overload and transient server errors, final (thrown) otherwise. */
    static RetryableFailure statusFailure(PreparedCall call, int status, HttpHeaders headers, byte[] body) {
        String providerMessage = ErrorBodies.providerMessage(body, headers.firstValue("Content-Type").orElse(null))
                .orElse("no error message");
        String message = "provider " + call.provider() + " answered HTTP " + status + ": " + providerMessage;
        if (status == 401 || status == 403) {
            message += " (check the provider's API key, " + call.maskedKey() + ")";
        }
        ProviderException error = ProviderException.failed(call.provider(), status, call.scrub(message));
        if (!RetryPolicy.isRetryable(status)) {
            throw error;
        }
        return new RetryableFailure(error, RetryPolicy.retryAfter(headers, Instant.now()).orElse(null));
    }

    /**
     * No answer at all: connection problems are retryable; a timeout, an interrupt or a huge answer are not
     * (thrown).
     */
    static RetryableFailure transportFailure(PreparedCall call, Throwable failure, Duration requestTimeout) {
        Throwable cause = unwrap(failure);
        String provider = call.provider();
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw ProviderException.failed(provider, 0, "call to provider " + provider + " was interrupted");
        }
        BoundedBody.TooLargeException tooLarge = BoundedBody.tooLarge(cause);
        if (tooLarge != null) {
            throw ProviderException.failed(provider, 200, "provider " + provider + " answered with more than "
                    + tooLarge.limitBytes() + " bytes");
        }
        if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
            throw timeout(call, "did not answer within " + HttpExchanges.describe(requestTimeout));
        }
        if (cause instanceof IOException) {
            return new RetryableFailure(new ProviderException(ErrorKind.PROVIDER_FAILED, provider, 0,
                    call.scrub("provider " + provider + " could not be reached at " + call.baseUrl() + ": "
                            + HttpExchanges.reason(cause)), null), null);
        }
        throw new ProviderException(ErrorKind.PROVIDER_FAILED, provider, 0, call.scrub("call to provider "
                + provider + " failed: " + HttpExchanges.reason(cause)), null);
    }

    static ProviderException timeout(PreparedCall call, String what) {
        return ProviderException.timeout(call.provider(), "provider " + call.provider() + " " + what
                + " (request timeout)");
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
