package sh.smarter.prompt.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import sh.smarter.prompt.cli.CliContext;
import sh.smarter.prompt.cli.PromptCli;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.wiring.ShutdownSignal;

/** Help, version and wrong usage: none of them opens a database. */
class CliUsageTest {
    @TempDir
    Path home;

    private CliHarness.Result run(String... args) {
        return new CliHarness(home).run(args);
    }

    @Test
    void every_command_has_help_with_examples() {
        List<List<String>> commands = new ArrayList<>();
        collect(new ArrayList<>(), PromptCli.commandLine(context()), commands);
        assertThat(commands).hasSizeGreaterThanOrEqualTo(20);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CliHarness.Result result = run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as("prompt %s --help", command).isZero();
            assertThat(result.out()).as("prompt %s --help", command)
                    .startsWith("Usage: prompt" + (command.isEmpty() ? "" : " " + String.join(" ", command)))
                    .contains("Examples:", "--verbose", "--config");
            assertThat(result.err()).isEmpty();
        }
    }

    private static void collect(List<String> path, CommandLine command, List<List<String>> into) {
        into.add(List.copyOf(path));
        command.getSubcommands().forEach((name, subcommand) -> {
            List<String> deeper = new ArrayList<>(path);
            deeper.add(name);
            collect(deeper, subcommand, into);
        });
    }

    private CliContext context() {
        return new CliContext(new BufferedReader(new StringReader("")), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), Map.of(), home, Clock.systemUTC(), ShutdownSignal.manual(), false);
    }

    @Test
    void version_names_the_product_and_its_version() {
        CliHarness.Result result = run("--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("prompt (Smarter Prompt for the JVM) ").contains("Java ");
        assertThat(run("chat", "--version").out()).isEqualTo(result.out());
    }

    @ParameterizedTest(name = "prompt {0}")
    @CsvSource(delimiter = '|', value = {
        "nosuch                               | Unmatched argument at index 0: 'nosuch'",
        "chat                                 | Missing required parameter: 'CHATBOT'",
        "sessions                             | Missing required subcommand",
        "sessions prune                       | Missing required argument",
        "sessions prune --older-than 1d --inactive-since 2026-01-01 | mutually exclusive",
        "serve --port                         | Missing required parameter for option '--port'",
        "get chatbots -o xml                  | expected table, json or yaml, got 'xml'",
        "apply                                | Missing required option: '--filename=FILE|DIR'",
        "keys revoke three                    | Invalid value for positional parameter at index 0 (ID): 'three'",
        "serve --prot 1                       | Unknown option",
        "serve --port eighty                  | --port must be a port number between 0 and 65535",
        "get robots                           | unknown kind robots; one of chatbots, plugins",
        "sessions prune --older-than soon     | --older-than takes an age such as 30d",
        "chat example --session 1234 -m hi    | session_key is malformed",
        "--config /nonexistent/config.yaml get chatbots | config file /nonexistent/config.yaml does not exist",
    })
    void wrong_usage_exits_2_with_one_line_on_stderr(String commandLine, String expected) {
        CliHarness.Result result = run(commandLine.strip().split("\\s+"));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err().lines()).as(result.toString()).hasSize(1);
        assertThat(result.err()).startsWith("prompt").contains(expected);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void a_missing_subcommand_names_the_ones_there_are() {
        assertThat(run("db").err()).contains("prompt db: Missing required subcommand").contains("info, migrate");
    }

    @Test
    void verbose_adds_the_stack_trace() {
        CliHarness.Result result = run("--verbose", "get", "robots");
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err().lines().count()).isGreaterThan(1);
        assertThat(result.err()).contains("at sh.smarter.prompt.cli");
    }
}
