package sh.smarter.prompt.cli.failure;

/**
 * A failure the CLI itself detects, with the exit code it ends the command with. Its message is shown to the user
 * as it is, on one line, so it must say what to do.
 */
public final class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, message);
    }

    public static CliFailure notFound(String message) {
        return new CliFailure(ExitCode.NOT_FOUND, message);
    }

    public static CliFailure refused(String message) {
        return new CliFailure(ExitCode.REFUSED, message);
    }

    public static CliFailure failed(String message, Throwable cause) {
        return new CliFailure(ExitCode.FAILURE, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
