package sh.smarter.prompt.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import sh.smarter.prompt.cli.wiring.ShutdownSignal;

/**
 * Everything a command takes from the world outside the JVM's objects: the streams, the environment, the home
 * directory, the clock and the shutdown signal. Tests build one with captured streams, a made-up environment and a
 * temporary home, so no command ever reads the real home directory or process environment behind their back.
 *
 * @param ansi whether to dim status lines with ANSI escapes (a terminal without {@code NO_COLOR})
 */
public record CliContext(BufferedReader in, PrintWriter out, PrintWriter err, Map<String, String> environment,
                         Path userHome, Clock clock, ShutdownSignal shutdown, boolean ansi) {
    public CliContext {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(userHome, "userHome");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(shutdown, "shutdown");
    }

    /** The real process: standard streams, environment and home; the JVM's exit triggers the shutdown signal. */
    public static CliContext system() {
        Charset charset = System.console() != null ? System.console().charset() : StandardCharsets.UTF_8;
        Map<String, String> environment = System.getenv();
        boolean ansi = System.console() != null && !environment.containsKey("NO_COLOR")
                && !"dumb".equals(environment.get("TERM"));
        return new CliContext(new BufferedReader(new InputStreamReader(System.in, charset)),
                new PrintWriter(new OutputStreamWriter(System.out, charset), true),
                new PrintWriter(new OutputStreamWriter(System.err, charset), true),
                environment, homeDirectory(environment), Clock.system(ZoneId.systemDefault()),
                ShutdownSignal.onJvmExit(), ansi);
    }

    /** $HOME as the shell has it (the JVM's user.home comes from the password database and ignores it). */
    private static Path homeDirectory(Map<String, String> environment) {
        String home = environment.get("HOME");
        return home != null && !home.isBlank() && Path.of(home).isAbsolute() ? Path.of(home)
                : Path.of(System.getProperty("user.home"));
    }

    /** An environment variable, or null when unset or blank. */
    public String env(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
