package sh.smarter.prompt.core.error;

import java.util.Objects;

/**
 * The one exception type the core throws on purpose. Its message is safe to show to a caller: it never holds a
 * stack trace, a secret or an internal class name.
 */
public class PromptException extends RuntimeException {
    private final ErrorKind kind;
    private final String errorClass;

    public PromptException(ErrorKind kind, String errorClass, String message) {
        this(kind, errorClass, message, null);
    }

    public PromptException(ErrorKind kind, String errorClass, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
    }

    public ErrorKind kind() {
        return kind;
    }

    /** A stable name for the error, shown to clients as {@code errorClass}. */
    public String errorClass() {
        return errorClass;
    }

    public static PromptException invalid(String message) {
        return new PromptException(ErrorKind.INVALID_INPUT, "SmarterValueError", message);
    }

    public static PromptException notFound(String message) {
        return new PromptException(ErrorKind.NOT_FOUND, "SmarterNotFound", message);
    }

    public static PromptException unauthenticated(String message) {
        return new PromptException(ErrorKind.UNAUTHENTICATED, "SmarterAuthenticationError", message);
    }

    public static PromptException forbidden(String message) {
        return new PromptException(ErrorKind.FORBIDDEN, "SmarterPermissionDenied", message);
    }

    public static PromptException conflict(String message) {
        return new PromptException(ErrorKind.CONFLICT, "SmarterConflict", message);
    }

    public static PromptException unprocessable(String message) {
        return new PromptException(ErrorKind.UNPROCESSABLE, "SmarterUnprocessable", message);
    }

    public static PromptException configuration(String message) {
        return new PromptException(ErrorKind.CONFIGURATION, "SmarterConfigurationError", message);
    }

    public static PromptException storageUnavailable(String message, Throwable cause) {
        return new PromptException(ErrorKind.STORAGE_UNAVAILABLE, "SmarterStorageUnavailable", message, cause);
    }
}
