package sh.smarter.prompt.tests.reliability;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import sh.smarter.prompt.tests.server.ServeProcess;

/**
 * The three-node Galera cluster of {@code scripts/galera-test-cluster.sh}, which {@code scripts/test} starts in the
 * background while Maven builds: its export lines arrive in the file named by {@code SMARTER_TEST_GALERA_ENV}
 * (the test waits for them), or directly as {@code SMARTER_TEST_GALERA_*} variables. Without either the calling
 * test is skipped with a visible reason, except under {@code CI=true}, where it fails.
 */
final class GaleraCluster {
    private static final Pattern EXPORT = Pattern.compile("^export (SMARTER_TEST_GALERA_\\w+)='([^']*)'$");
    private static final Duration START_WAIT = Duration.ofMinutes(6);

    private final List<String> urls;
    private final String user;
    private final String password;
    private final String directory;

    private GaleraCluster(Map<String, String> values) {
        this.urls = Arrays.asList(values.get("SMARTER_TEST_GALERA_URLS").split(" "));
        this.user = values.get("SMARTER_TEST_GALERA_USER");
        this.password = values.get("SMARTER_TEST_GALERA_PASSWORD");
        this.directory = values.get("SMARTER_TEST_GALERA_DIR");
    }

    static GaleraCluster require() throws IOException, InterruptedException {
        Map<String, String> values = new HashMap<>();
        if (System.getenv("SMARTER_TEST_GALERA_URLS") != null) {
            System.getenv().forEach((name, value) -> {
                if (name.startsWith("SMARTER_TEST_GALERA_")) {
                    values.put(name, value);
                }
            });
        } else if (System.getenv("SMARTER_TEST_GALERA_ENV") != null) {
            values.putAll(awaitEnvFile(Path.of(System.getenv("SMARTER_TEST_GALERA_ENV"))));
        } else {
            String reason = "no Galera cluster: scripts/test starts one (or eval \"$(scripts/galera-test-cluster.sh "
                    + "start)\" before mvn)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true but " + reason);
            }
            System.err.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        return new GaleraCluster(values);
    }

    private static Map<String, String> awaitEnvFile(Path file) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        Path failed = Path.of(file + ".failed");
        while (System.nanoTime() < deadline) {
            if (Files.exists(failed)) {
                Assertions.fail("the Galera cluster did not start: " + Files.readString(failed));
            }
            if (Files.exists(file)) {
                Map<String, String> values = new HashMap<>();
                for (String line : Files.readAllLines(file)) {
                    Matcher m = EXPORT.matcher(line.strip());
                    if (m.matches()) {
                        values.put(m.group(1), m.group(2));
                    }
                }
                if (values.containsKey("SMARTER_TEST_GALERA_DIR")) {
                    return values;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the Galera cluster was not ready within " + START_WAIT + " (" + file + ")");
    }

    /** The JDBC URL of node {@code node} (1 to 3) for {@code database}. */
    String url(int node, String database) {
        return urls.get(node - 1).replaceFirst("/[^/?]+\\?", "/" + database + "?");
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** SIGKILL to the node's server: a crash, with no goodbye to the other nodes. */
    void killNode(int node) throws IOException, InterruptedException {
        script("kill-node", node);
    }

    /** Starts the node again and waits until it has rejoined the cluster and is synced. */
    void startNode(int node) throws IOException, InterruptedException {
        script("start-node", node);
    }

    private void script(String command, int node) throws IOException, InterruptedException {
        Path script = ServeProcess.jar().getParent().getParent().getParent().resolve("scripts/galera-test-cluster.sh");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), command, Integer.toString(node))
                .redirectErrorStream(true);
        builder.environment().put("SMARTER_TEST_GALERA_DIR", directory);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), Charset.defaultCharset());
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError("galera-test-cluster.sh " + command + " " + node + " failed: " + output);
        }
        System.out.print(output);
    }
}
