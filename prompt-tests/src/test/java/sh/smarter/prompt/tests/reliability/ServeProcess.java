package sh.smarter.prompt.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar prompt-cli/target/prompt.jar serve} as a separate operating-system process, the way users run
 * the product, so that a test can kill it for real. Its output goes to {@code serve-N.out/err} in the log folder,
 * one pair per start.
 */
final class ServeProcess implements AutoCloseable {
    /** What Linux reports for a process ended by SIGKILL: 128 + 9. */
    static final int KILLED_BY_SIGKILL = 137;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final PromptClient client;

    private ServeProcess(Process process, Path log, PromptClient client) {
        this.process = process;
        this.log = log;
        this.client = client;
    }

    /** The shaded jar the build made; the test builds nothing itself. */
    static Path jar() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.isDirectory(directory.resolve("prompt-cli"))) {
            directory = directory.getParent();
        }
        Path jar = directory == null ? Path.of("prompt-cli/target/prompt.jar")
                : directory.resolve("prompt-cli/target/prompt.jar");
        assertThat(jar).withFailMessage("%s is missing: run mvn package first "
                + "(mvn -pl prompt-cli -am package -DskipTests)", jar).exists();
        return jar;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code serve} and waits until {@code /ready} answers 200.
     *
     * @param serveArguments what follows {@code serve} ({@code --port}, {@code --data-dir} or {@code --db-url})
     * @param environment    added to a clean environment: the provider's base URL and key, a database password
     */
    static ServeProcess start(Path logFolder, int port, List<String> serveArguments, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar().toString(), "serve",
                "--port", Integer.toString(port)));
        // The load these tests make comes from one address into a few sessions: the rate limits would refuse it.
        command.addAll(List.of("--rate-limit-per-address", "0", "--rate-limit-per-session", "0",
                "--rate-limit-per-key", "0"));
        command.addAll(serveArguments);
        Files.createDirectories(logFolder);
        int start = 1;
        while (Files.exists(logFolder.resolve("serve-" + start + ".err"))) {
            start++;
        }
        Path log = logFolder.resolve("serve-" + start + ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(logFolder.resolve("serve-" + start + ".out").toFile())
                .redirectError(log.toFile());
        Map<String, String> env = builder.environment();
        // Nothing of the developer's own set-up may leak in: no real provider key, no other database.
        env.keySet().removeIf(name -> name.startsWith("SMARTER_PROMPT_") || name.startsWith("XDG_")
                || name.startsWith("OPENAI_") || name.startsWith("GEMINI_") || name.startsWith("LLAMA_"));
        env.put("HOME", logFolder.resolve("home").toString());
        env.putAll(environment);
        ServeProcess serve = new ServeProcess(builder.start(), log,
                new PromptClient("http://127.0.0.1:" + port + "/"));
        serve.awaitReady();
        return serve;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("serve exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpResponse<String> ready = client.get("ready");
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("serve was not ready within " + START_TIMEOUT + ": " + Files.readString(log));
    }

    PromptClient client() {
        return client;
    }

    /**
     * SIGKILL: no shutdown hook, no pool close, no flush; what a crash, the kernel's OOM killer or a pulled plug
     * does to the process. ({@code destroyForcibly} sends SIGKILL on Linux; the exit status proves it.)
     *
     * @return the exit status, 137 for SIGKILL
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("serve died of SIGKILL").isTrue();
        return process.exitValue();
    }

    /** SIGTERM: the clean stop, which closes the database (an embedded H2 file can then be opened by others). */
    void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("serve did not stop within 60 s of SIGTERM");
        }
    }

    /** SIGTERM without waiting: what an orchestrator sends to start a graceful stop. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to end by itself; its exit status, or -1 when it still runs after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** Makes sure the process is gone, whatever the test did; SIGKILL when it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    String errorLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
