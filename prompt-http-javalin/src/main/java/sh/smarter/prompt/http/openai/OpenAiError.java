package sh.smarter.prompt.http.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.http.server.ErrorEnvelope;
import sh.smarter.prompt.http.server.HttpJson;

/**
 * An error as OpenAI's clients read it: a status they map to an exception type, and
 * {@code {"error": {"message", "type", "param", "code"}}}. The message is safe to show (it comes from a
 * {@link PromptException} or is written here).
 */
record OpenAiError(int status, String message, String type, String param, String code) {

    static OpenAiError invalid(String message, String param) {
        return new OpenAiError(400, message, "invalid_request_error", param, null);
    }

    static OpenAiError invalidApiKey() {
        return new OpenAiError(401, "Incorrect API key provided: the key is unknown or revoked. Create one with "
                + "`prompt keys create`.", "invalid_request_error", null, "invalid_api_key");
    }

    static OpenAiError modelNotFound(String message) {
        return new OpenAiError(404, message, "invalid_request_error", "model", "model_not_found");
    }

    /** The status our own error kinds have everywhere, with the type and code OpenAI uses for that status. */
    static OpenAiError of(PromptException e) {
        int status = ErrorEnvelope.statusOf(e.kind());
        String message = e.getMessage();
        return switch (status) {
            case 400 -> invalid(message, null);
            case 401 -> new OpenAiError(401, message, "invalid_request_error", null, "invalid_api_key");
            case 403 -> new OpenAiError(403, message, "permission_error", null, null);
            case 404 -> new OpenAiError(404, message, "invalid_request_error", null, "not_found");
            case 422 -> new OpenAiError(422, message, "invalid_request_error", null, codeOf(e.kind()));
            case 429 -> new OpenAiError(429, message, "requests", null, "rate_limit_exceeded");
            default -> new OpenAiError(status, message, "server_error", null, codeOf(e.kind()));
        };
    }

    private static String codeOf(ErrorKind kind) {
        return switch (kind) {
            case PROVIDER_FAILED -> "provider_error";
            case PROVIDER_TIMEOUT -> "provider_timeout";
            case PROVIDER_CONFIGURATION -> "provider_configuration";
            case TOOL_ROUND_LIMIT -> "tool_round_limit";
            case UNPROCESSABLE -> "idempotency_key_reused";
            case STORAGE_UNAVAILABLE -> "storage_unavailable";
            default -> null;
        };
    }

    ObjectNode toJson() {
        ObjectNode body = HttpJson.object();
        body.putObject("error").put("message", message).put("type", type).put("param", param).put("code", code);
        return body;
    }

    /** Thrown inside this package's handlers; {@link JavalinOpenAiRoutes} answers it. */
    static final class Failure extends RuntimeException {
        private final OpenAiError error;

        Failure(OpenAiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        OpenAiError error() {
            return error;
        }
    }

    Failure asFailure() {
        return new Failure(this);
    }
}
