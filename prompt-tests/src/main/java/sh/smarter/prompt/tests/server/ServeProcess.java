package sh.smarter.prompt.tests.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
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
 * A server in an operating-system process of its own, the way users run the product, for the tests (which kill
 * it for real) and the benchmarks (which measure it): {@code java -jar prompt.jar serve}, or any main class that
 * prints the same {@code is serving http://...} line. Its output goes to {@code NAME.out.log} and
 * {@code NAME.err.log} in the log folder; nothing of the developer's own set-up leaks in.
 */
public final class ServeProcess implements AutoCloseable {
    /** What Linux reports for a process ended by SIGKILL: 128 + 9. */
    public static final int KILLED_BY_SIGKILL = 137;
    private static final Pattern SERVING = Pattern.compile("is serving (http://\\S+/)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path javaHome;
    private final String baseUrl;
    private final Path stderr;
    private final PromptClient client;
    private volatile boolean killOnClose;

    private ServeProcess(Process process, Path javaHome, String baseUrl, Path stderr) {
        this.process = process;
        this.javaHome = javaHome;
        this.baseUrl = baseUrl;
        this.stderr = stderr;
        this.client = new PromptClient(baseUrl);
    }

    /** The shaded jar the build made; nothing here builds it. */
    public static Path jar() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.isDirectory(directory.resolve("prompt-cli"))) {
            directory = directory.getParent();
        }
        Path jar = directory == null ? Path.of("prompt-cli/target/prompt.jar")
                : directory.resolve("prompt-cli/target/prompt.jar");
        if (!Files.exists(jar)) {
            throw new AssertionError(jar + " is missing: run mvn package first "
                    + "(mvn -pl prompt-cli -am package -DskipTests)");
        }
        return jar;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code serve} from the build's jar on this JVM, as {@code serve-N} in the log folder (N counts the starts),
     * once {@code /ready} answers 200. A test's server is thrown away: {@link #close} kills it (a test that
     * wants the clean stop calls {@link #stop}).
     *
     * @param serveArguments what follows {@code serve --port} ({@code --data-dir} or {@code --db-url})
     * @param environment    added to a clean environment: the provider's base URL and key, a database password
     */
    public static ServeProcess start(Path logFolder, int port, List<String> serveArguments,
                                     Map<String, String> environment) throws IOException, InterruptedException {
        int start = 1;
        while (Files.exists(logFolder.resolve("serve-" + start + ".err.log"))) {
            start++;
        }
        ServeProcess serve = serve(Path.of(System.getProperty("java.home")), List.of(), jar(), port,
                serveArguments, environment, logFolder, "serve-" + start);
        serve.killOnClose = true;
        serve.awaitReady();
        return serve;
    }

    /**
     * {@code java -jar jar serve --port PORT ...} (0 for any free port) with the given JVM, its rate limits off:
     * one client sends thousands of prompts, and the limits would measure refusals, not turns.
     */
    public static ServeProcess serve(Path javaHome, List<String> jvmOptions, Path jar, int port,
                                     List<String> serveArguments, Map<String, String> environment,
                                     Path logFolder, String name) {
        List<String> command = new ArrayList<>(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--port", Integer.toString(port)));
        command.addAll(List.of("--rate-limit-per-address", "0", "--rate-limit-per-session", "0",
                "--rate-limit-per-key", "0"));
        command.addAll(serveArguments);
        return launch(javaHome, command, environment, logFolder, name);
    }

    /** Any main class on this JVM's class path that prints the same "is serving" line. */
    public static ServeProcess mainClass(Path javaHome, List<String> jvmOptions, Class<?> main,
                                         List<String> arguments, Path logFolder, String name) {
        List<String> command = new ArrayList<>(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(arguments);
        return launch(javaHome, command, Map.of(), logFolder, name);
    }

    private static ServeProcess launch(Path javaHome, List<String> arguments, Map<String, String> environment,
                                       Path logFolder, String name) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(arguments);
        Path stdout = logFolder.resolve(name + ".out.log");
        Path stderr = logFolder.resolve(name + ".err.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        // No real provider key, no other database, no user configuration file, no JVM options of the shell.
        env.keySet().removeIf(key -> key.startsWith("SMARTER_PROMPT_") || key.startsWith("OPENAI_")
                || key.startsWith("GEMINI_") || key.startsWith("LLAMA_") || key.startsWith("XDG_")
                || key.startsWith("JAVA_TOOL_OPTIONS") || key.startsWith("_JAVA_OPTIONS"));
        env.put("HOME", logFolder.resolve("home").toString());
        env.put("XDG_CONFIG_HOME", logFolder.resolve("xdg-config").toString());
        env.putAll(environment);
        try {
            Files.createDirectories(logFolder);
            Process process = builder.start();
            String url = awaitServing(process, stdout, stderr);
            return new ServeProcess(process, javaHome, url, stderr);
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
            pause();
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not start within " + START_TIMEOUT + ":\n" + tail(stderr));
    }

    /** Serving is not ready: the database may still be migrating. */
    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("serve exited with " + process.exitValue() + ": " + errorLog());
            }
            try {
                HttpResponse<String> ready = client.get("ready");
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // keep waiting
            }
            pause();
        }
        process.destroyForcibly();
        throw new IllegalStateException("serve was not ready within " + START_TIMEOUT + ": " + errorLog());
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the server started", e);
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** The server's URL, ending with "/". */
    public String baseUrl() {
        return baseUrl;
    }

    /** A client of this server. */
    public PromptClient client() {
        return client;
    }

    public long pid() {
        return process.pid();
    }

    public Path javaHome() {
        return javaHome;
    }

    /** Lines of the server's log that report a warning or an error, for the benchmark's report. */
    public long warningLines() {
        try {
            return Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    public String errorLog() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * SIGKILL: no shutdown hook, no pool close, no flush; what a crash, the kernel's OOM killer or a pulled plug
     * does to the process. ({@code destroyForcibly} sends SIGKILL on Linux; the exit status proves it.)
     *
     * @return the exit status, 137 for SIGKILL
     */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("serve did not die of SIGKILL within 30 s");
        }
        return process.exitValue();
    }

    /** SIGTERM: the clean stop, which closes the database (an embedded H2 file can then be opened by others). */
    public void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("serve did not stop within " + STOP_TIMEOUT + " of SIGTERM");
        }
    }

    /** SIGTERM without waiting: what an orchestrator sends to start a graceful stop. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end by itself; its exit status, or -1 when it still runs after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /**
     * Makes sure the process is gone: SIGTERM, as Ctrl+C or a service manager would stop it, and SIGKILL when it
     * has not left within a minute; a test's server ({@link #start}) gets SIGKILL at once.
     */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        if (killOnClose) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
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
