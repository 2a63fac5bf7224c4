package sh.smarter.prompt.cli.failure;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import sh.smarter.prompt.core.error.PromptException;

/**
 * Turns every failure into one readable line on stderr and a designed exit code. Stack traces appear only with
 * {@code --verbose}: users read the line, developers ask for the trace.
 */
public final class FailureReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final BooleanSupplier verbose;

    public FailureReporter(BooleanSupplier verbose) {
        this.verbose = verbose;
    }

    /** Wrong usage: the message, a suggestion when picocli has one, and where to read more. */
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        StringBuilder line = new StringBuilder(oneLine(e.getMessage()));
        if (e.getMessage() != null && e.getMessage().startsWith("Missing required subcommand")) {
            line.append(": one of ").append(String.join(", ", command.getSubcommands().keySet()));
        }
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", suggestions.subList(0,
                        Math.min(3, suggestions.size())))).append("?)");
            }
        }
        line.append(" - see '").append(command.getCommandSpec().qualifiedName()).append(" --help'");
        print(command, line.toString(), verbose.getAsBoolean() ? e : null);
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        boolean showTrace = verbose.getAsBoolean();
        Failure failure = describe(e);
        String hint = failure.unexpected() && !showTrace ? " (run again with --verbose for details)" : "";
        print(command, failure.message() + hint, showTrace ? e : null);
        return failure.exitCode();
    }

    private record Failure(int exitCode, String message, boolean unexpected) {
    }

    private static Failure describe(Throwable e) {
        if (e instanceof CliFailure failure) {
            return new Failure(failure.exitCode(), failure.getMessage(), false);
        }
        if (e instanceof PromptException prompt) {
            return new Failure(ExitCode.of(prompt.kind()), prompt.getMessage(), false);
        }
        if (e instanceof UncheckedIOException unchecked) {
            return describe(unchecked.getCause());
        }
        if (e instanceof NoSuchFileException missing) {
            return new Failure(ExitCode.USAGE, "no such file: " + missing.getFile(), false);
        }
        if (e instanceof AccessDeniedException denied) {
            return new Failure(ExitCode.FAILURE, "permission denied: " + denied.getFile(), false);
        }
        if (e instanceof IOException io) {
            return new Failure(ExitCode.FAILURE, "I/O error: " + io.getMessage(), false);
        }
        if (e instanceof InterruptedException) {
            return new Failure(ExitCode.FAILURE, "interrupted", false);
        }
        return new Failure(ExitCode.FAILURE, "unexpected error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), true);
    }

    private static void print(CommandLine command, String message, Throwable trace) {
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + oneLine(message));
        if (trace != null) {
            trace.printStackTrace(err);
        }
        err.flush();
    }

    /** Messages of libraries sometimes span lines; the user gets one. */
    static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "failed";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
