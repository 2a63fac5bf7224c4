package sh.smarter.prompt.tests.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server in a JVM of its own: {@code prompt serve} from the runnable jar, or the bare Javalin ceiling. Its
 * output goes to log files (the product logs every request at INFO); it is ready once it prints
 * {@code is serving http://...}.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("is serving (http://\\S+/)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path javaHome;
    private final String baseUrl;
    private final Path stderr;

    private ServerProcess(Process process, Path javaHome, String baseUrl, Path stderr) {
        this.process = process;
        this.javaHome = javaHome;
        this.baseUrl = baseUrl;
        this.stderr = stderr;
    }

    /**
     * {@code java -jar jar serve --port 0 ...} with the product's variables cleared and the given ones set; no user
     * configuration file is read (XDG_CONFIG_HOME points into the log directory).
     */
    static ServerProcess serve(Path javaHome, List<String> jvmOptions, Path jar, List<String> serveArguments,
                               Map<String, String> environment, Path logDirectory, String name) {
        List<String> command = new ArrayList<>(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--port", "0"));
        // One client sends thousands of prompts: the product's rate limits would measure refusals, not turns.
        command.addAll(List.of("--rate-limit-per-address", "0", "--rate-limit-per-session", "0",
                "--rate-limit-per-key", "0"));
        command.addAll(serveArguments);
        return start(javaHome, command, environment, logDirectory, name);
    }

    /** Any main class on the benchmark's own class path that prints the same "is serving" line. */
    static ServerProcess mainClass(Path javaHome, List<String> jvmOptions, Class<?> main, List<String> arguments,
                                   Path logDirectory, String name) {
        List<String> command = new ArrayList<>(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(arguments);
        return start(javaHome, command, Map.of(), logDirectory, name);
    }

    private static ServerProcess start(Path javaHome, List<String> arguments, Map<String, String> environment,
                                       Path logDirectory, String name) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(arguments);
        Path stdout = logDirectory.resolve(name + ".out.log");
        Path stderr = logDirectory.resolve(name + ".err.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("SMARTER_PROMPT_") || key.startsWith("OPENAI_")
                || key.startsWith("JAVA_TOOL_OPTIONS") || key.startsWith("_JAVA_OPTIONS"));
        env.put("XDG_CONFIG_HOME", logDirectory.resolve("xdg-config").toString());
        env.putAll(environment);
        try {
            Files.createDirectories(logDirectory);
            Process process = builder.start();
            String url = awaitServing(process, stdout, stderr);
            return new ServerProcess(process, javaHome, url, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    private static String awaitServing(Process process, Path stdout, Path stderr) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher serving = SERVING.matcher(Files.readString(stdout, StandardCharsets.UTF_8));
            if (serving.find()) {
                return serving.group(1);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the server ended with " + process.exitValue() + " before it served:\n"
                        + tail(stderr));
            }
            SessionLoad.parkUntil(System.nanoTime() + Duration.ofMillis(100).toNanos());
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not start within " + START_TIMEOUT + ":\n" + tail(stderr));
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** The server's URL, ending with "/". */
    String baseUrl() {
        return baseUrl;
    }

    long pid() {
        return process.pid();
    }

    Path javaHome() {
        return javaHome;
    }

    /** Lines of the server's log that report a warning or an error, for the report. */
    long warningLines() {
        try {
            return Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** SIGTERM, as Ctrl+C or a service manager would stop it, then waits for it to leave. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
