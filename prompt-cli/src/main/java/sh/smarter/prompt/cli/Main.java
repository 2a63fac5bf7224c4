package sh.smarter.prompt.cli;

/** The {@code prompt} executable: {@code java -jar prompt.jar ...}, usually through bin/prompt. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = PromptCli.commandLine(CliContext.system()).execute(args);
        System.exit(exitCode);
    }
}
