package sh.smarter.prompt.http.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;

/**
 * The error body every endpoint answers with (SPEC 5.1). {@code description} and {@code context} are repeated at
 * the top level because the {@code smarter} CLI reads them there, with an empty {@code stacktrace}: never a stack
 * trace.
 */
public final class ErrorEnvelope {
    private ErrorEnvelope() {
    }

    public static int statusOf(ErrorKind kind) {
        return switch (kind) {
            case INVALID_INPUT -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            // The request was fine but cannot be applied: the model looped on tools (asking differently helps, not
            // retrying), or an Idempotency-Key was reused for another request.
            case TOOL_ROUND_LIMIT, UNPROCESSABLE -> 422;
            case LIMIT_REACHED -> 429;
            case PROVIDER_FAILED -> 502;
            case PROVIDER_TIMEOUT -> 504;
            // Not a bug (500): the chatbot cannot answer until its operator configures the provider.
            case STORAGE_UNAVAILABLE, PROVIDER_CONFIGURATION -> 503;
            case CONFIGURATION, INTERNAL -> 500;
        };
    }

    public static ObjectNode of(PromptException e, Endpoint endpoint, String path, String requestId) {
        return of(statusOf(e.kind()), e.errorClass(), e.getMessage(), endpoint, path, requestId);
    }

    public static ObjectNode of(int status, String errorClass, String description, Endpoint endpoint, String path,
                                String requestId) {
        String context = "thing=" + endpoint.thing() + ", command=" + endpoint.command();
        ObjectNode error = HttpJson.object()
                .put("errorClass", errorClass)
                .put("description", description)
                .put("status", String.valueOf(status))
                .put("args", "url=" + path)
                .put("cause", causeOf(status))
                .put("context", context)
                .put("thing", endpoint.thing())
                .put("command", endpoint.command());
        ObjectNode body = HttpJson.object();
        body.set("error", error);
        // stacktrace is always empty (never a stack trace): the CLI prints "unknown stack trace" under -v without it.
        body.put("description", description)
                .put("context", context)
                .put("stacktrace", "")
                .put("api", Endpoint.API_VERSION);
        body.set("metadata", endpoint.metadata());
        body.put("request_id", requestId);
        return body;
    }

    private static String causeOf(int status) {
        if (status == 503) {
            return "Service unavailable";
        }
        if (status == 422) {
            return "Model tool loop";
        }
        if (status >= 500) {
            return status == 502 || status == 504 ? "Upstream provider" : "Server error";
        }
        return "Client error";
    }
}
