package sh.smarter.prompt.tests.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sh.smarter.prompt.cli.CliContext;
import sh.smarter.prompt.cli.PromptCli;
import sh.smarter.prompt.cli.wiring.ShutdownSignal;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.tests.fake.RecordedRequest;

/**
 * Runs {@code prompt} commands in this JVM through {@code CommandLine.execute}, with captured stdout and stderr,
 * a made-up environment and a temporary home directory: nothing reads the real home or process environment, and
 * the embedded database lives under the temporary home.
 */
final class CliHarness {
    private final Path home;
    private final Map<String, String> environment = new HashMap<>();

    CliHarness(Path home) {
        this.home = home;
        environment.put("HOME", home.toString());
    }

    /** Sets an environment variable for the commands run from now on. */
    CliHarness env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    Path home() {
        return home;
    }

    Result run(String... args) {
        return runWithInput("", args);
    }

    Result runWithInput(String stdin, String... args) {
        return run(stdin, ShutdownSignal.manual(), new StringWriter(), args);
    }

    /** Runs with the given shutdown signal and stdout buffer, for commands that run until told to stop. */
    Result run(String stdin, ShutdownSignal shutdown, StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(new BufferedReader(new StringReader(stdin)), new PrintWriter(out, true),
                new PrintWriter(err, true), environment, home, Clock.systemUTC(), shutdown, false);
        int exitCode = PromptCli.commandLine(context).execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** The texts of the messages a provider request carried, in order. */
    static List<String> contents(RecordedRequest request) {
        return request.messages().stream().map(message -> ((JsonObject) message).get("content"))
                .filter(content -> !content.isNull()).map(Json::asText).toList();
    }

    /** What a command did: its exit code and what it printed. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }
}
