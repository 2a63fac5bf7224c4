package sh.smarter.prompt.cli.failure;

import sh.smarter.prompt.core.error.ErrorKind;

/** The designed exit codes of {@code prompt}: scripts can tell a typo from a missing chatbot from a refusal. */
public final class ExitCode {
    public static final int OK = 0;
    /** Something failed while running: the database, the provider, a file that cannot be read. */
    public static final int FAILURE = 1;
    /** The command line, a setting or an input file is wrong. */
    public static final int USAGE = 2;
    /** The chatbot, session or resource does not exist. */
    public static final int NOT_FOUND = 3;
    /** Refused: no or a wrong API key, not allowed, in conflict with what exists, or over a limit. */
    public static final int REFUSED = 4;

    private ExitCode() {
    }

    /** The exit code for a core error of this kind. */
    public static int of(ErrorKind kind) {
        return switch (kind) {
            case INVALID_INPUT -> USAGE;
            case NOT_FOUND -> NOT_FOUND;
            case UNAUTHENTICATED, FORBIDDEN, CONFLICT, UNPROCESSABLE, LIMIT_REACHED -> REFUSED;
            default -> FAILURE;
        };
    }

    /** The exit code for an HTTP status a server answered with. */
    public static int ofHttpStatus(int status) {
        if (status == 401 || status == 403 || status == 409 || status == 429) {
            return REFUSED;
        }
        if (status == 404) {
            return NOT_FOUND;
        }
        // 422: the model looped on tools; the command line was fine.
        return status >= 400 && status < 500 && status != 422 ? USAGE : FAILURE;
    }
}
