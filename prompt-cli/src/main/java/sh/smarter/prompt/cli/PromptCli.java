package sh.smarter.prompt.cli;

import java.nio.file.Path;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import sh.smarter.prompt.cli.command.ApplyCommand;
import sh.smarter.prompt.cli.command.ChatCommand;
import sh.smarter.prompt.cli.command.ConfigCommand;
import sh.smarter.prompt.cli.command.DbCommand;
import sh.smarter.prompt.cli.command.DeleteCommand;
import sh.smarter.prompt.cli.command.DescribeCommand;
import sh.smarter.prompt.cli.command.ExamplesCommand;
import sh.smarter.prompt.cli.command.GetCommand;
import sh.smarter.prompt.cli.command.KeysCommand;
import sh.smarter.prompt.cli.command.ServeCommand;
import sh.smarter.prompt.cli.command.SessionsCommand;
import sh.smarter.prompt.cli.failure.FailureReporter;
import sh.smarter.prompt.cli.logging.LogLevels;

/**
 * The {@code prompt} command: the root of every subcommand and the holder of what they share — the
 * {@link CliContext} and the options every command takes ({@code --config}, {@code --verbose}). Run it through
 * {@link #commandLine(CliContext)}, which adds the one-line error reporting and the exit codes.
 */
@Command(name = "prompt", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = Version.class,
        sortOptions = false, usageHelpWidth = 110,
        description = "Smarter Prompt: chat sessions for LLM chatbots - an HTTP server with a chat page, a terminal "
                + "chat, session maintenance and manifests.",
        subcommands = {ServeCommand.class, ChatCommand.class, SessionsCommand.class, ApplyCommand.class,
                GetCommand.class, DescribeCommand.class, DeleteCommand.class, ConfigCommand.class, KeysCommand.class,
                DbCommand.class, ExamplesCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt serve                           # chat page at http://127.0.0.1:8080/chat/example/",
                "  prompt chat example -m 'What is 2+2?'  # one question, in the last session of the chatbot",
                "  prompt apply -f examples/getting-started/",
                "  prompt sessions prune --older-than 90d --dry-run",
                "",
                "Settings: flags > environment variables > config file (~/.config/smarter-prompt/config.yaml) > "
                        + "defaults.",
                "Exit codes: 0 ok, 1 failure, 2 usage error, 3 not found, 4 refused or unauthorised."})
public final class PromptCli {
    private final CliContext context;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Settings file (env SMARTER_PROMPT_CONFIG; default "
                    + "$XDG_CONFIG_HOME/smarter-prompt/config.yaml or ~/.config/smarter-prompt/config.yaml).")
    private Path configFile;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Stack traces with errors, and debug logging.")
    private boolean verbose;

    public PromptCli(CliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** The command line with its error handling: what {@link Main} runs and what tests execute. */
    public static CommandLine commandLine(CliContext context) {
        PromptCli root = new PromptCli(context);
        CommandLine commandLine = new CommandLine(root);
        FailureReporter failures = new FailureReporter(() -> root.verbose);
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setExecutionExceptionHandler(failures);
        commandLine.setParameterExceptionHandler(failures);
        commandLine.setExecutionStrategy(parseResult -> {
            if (root.verbose) {
                LogLevels.verbose();
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine;
    }

    /** The root of the command a subcommand belongs to. */
    public static PromptCli of(CommandSpec spec) {
        return (PromptCli) spec.root().userObject();
    }

    public CliContext context() {
        return context;
    }

    /** The settings file named with --config or SMARTER_PROMPT_CONFIG, or null for the default location. */
    public Path configFile() {
        if (configFile != null) {
            return configFile;
        }
        String fromEnvironment = context.env("SMARTER_PROMPT_CONFIG");
        return fromEnvironment == null ? null : Path.of(fromEnvironment);
    }

    public boolean verbose() {
        return verbose;
    }
}
