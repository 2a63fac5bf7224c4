package sh.smarter.prompt.tests.browser;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Runs the node scripts under src/test/browser, installing their npm dependencies from the lockfile first. */
final class NodeScripts {
    static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."), "src", "test", "browser");
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    record Outcome(int exitCode, String output) {
    }

    private NodeScripts() {
    }

    /** Skips the test on a developer machine without node or chromium; fails in CI, where both must be there. */
    static void requireNodeAndChromium() {
        List<String> missing = new ArrayList<>();
        if (onPath("node").isEmpty() || onPath("npm").isEmpty()) {
            missing.add("node/npm (apt-get install -y nodejs npm)");
        }
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (apt-get install -y chromium)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "browser test needs " + String.join(" and ", missing);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        System.out.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    /** {@code npm ci} unless node_modules already matches package-lock.json (npm's own copy is newer). */
    static void installDependencies() throws IOException, InterruptedException {
        Path installed = DIRECTORY.resolve("node_modules/.package-lock.json");
        if (Files.exists(installed) && Files.getLastModifiedTime(installed).compareTo(
                Files.getLastModifiedTime(DIRECTORY.resolve("package-lock.json"))) >= 0) {
            return;
        }
        Outcome npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Duration.ofMinutes(5));
        System.out.println(npm.output());
        Assertions.assertEquals(0, npm.exitCode(), "npm ci in " + DIRECTORY + " failed");
    }

    static Outcome run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(DIRECTORY.toFile()).redirectErrorStream(true)
                .start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e.getMessage() + ")";
            }
        });
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            return new Outcome(-1, output.join() + "\n" + String.join(" ", command) + " timed out after " + timeout);
        }
        return new Outcome(process.exitValue(), output.join());
    }

    private static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
