package sh.smarter.prompt.tests.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.tests.server.ServeProcess;

/**
 * A MariaDB server of one test's own, which the test may stop and start again: a data directory it made with
 * {@code mariadb-install-db}, {@code mariadbd} started as a child process on a fixed loopback port. Stopping it
 * disturbs no other test (the shared server of {@code scripts/mariadb-test-server.sh} cannot be stopped that way).
 *
 * <p>Without {@code mariadbd} on this machine the calling test is skipped with a visible reason, except when
 * {@code CI=true}: there it fails, so that a broken CI set-up cannot pass by skipping.
 */
final class PrivateMariaDb implements AutoCloseable {
    private static final String DATABASE = "smarter_outage";
    private static final String USER = "smarter_outage";
    private static final String PASSWORD = "outage-test-password";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final int port;
    private final Path mariadbd;
    private Process server;
    private int starts;
    private boolean frozen;

    private PrivateMariaDb(Path directory, int port, Path mariadbd) {
        this.directory = directory;
        this.port = port;
        this.mariadbd = mariadbd;
    }

    /** Initialises a data directory under {@code directory} and starts the server on a free port. */
    static PrivateMariaDb start(Path directory) throws IOException, InterruptedException {
        Path mariadbd = requireInstalled("mariadbd", "/usr/sbin/mariadbd");
        Path installDb = requireInstalled("mariadb-install-db", "/usr/bin/mariadb-install-db");
        Path data = directory.resolve("data");
        Files.createDirectories(data);
        run(List.of(installDb.toString(), "--no-defaults", "--user=" + System.getProperty("user.name"),
                "--datadir=" + data, "--auth-root-authentication-method=socket", "--skip-test-db"),
                directory.resolve("install.log"));
        // Runs at every start; IF NOT EXISTS makes it a no-op after the first.
        Files.writeString(directory.resolve("init.sql"), "CREATE DATABASE IF NOT EXISTS " + DATABASE
                + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;\n"
                + "CREATE USER IF NOT EXISTS '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "';\n"
                + "GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + USER + "'@'127.0.0.1';\n");
        PrivateMariaDb mariaDb = new PrivateMariaDb(directory, ServeProcess.freePort(), mariadbd);
        mariaDb.startAgain();
        return mariaDb;
    }

    private static Path requireInstalled(String command, String usualPath) {
        Optional<Path> found = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> Arrays.stream(path.split(":")))
                .map(folder -> Path.of(folder, command)).filter(Files::isExecutable).findFirst()
                .or(() -> Optional.of(Path.of(usualPath)).filter(Files::isExecutable));
        if (found.isPresent()) {
            return found.get();
        }
        String reason = command + " is not installed; scripts/test installs the Debian package mariadb-server";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true but " + reason);
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " failed: " + Files.readString(log));
        }
    }

    /** Starts the server on the same data directory and port, and waits until it accepts the test user. */
    void startAgain() throws IOException, InterruptedException {
        starts++;
        Path data = directory.resolve("data");
        server = new ProcessBuilder(mariadbd.toString(), "--no-defaults", "--user=" + System.getProperty("user.name"),
                "--datadir=" + data, "--socket=" + directory.resolve("sock"), "--pid-file=" + directory.resolve("pid"),
                "--port=" + port, "--bind-address=127.0.0.1", "--skip-networking=0", "--skip-log-bin",
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin", "--innodb-buffer-pool-size=64M",
                "--init-file=" + directory.resolve("init.sql"), "--log-error=" + directory.resolve("error.log"))
                .redirectErrorStream(true).redirectOutput(directory.resolve("mariadbd-" + starts + ".out").toFile())
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!acceptsTheTestUser()) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                server.destroyForcibly();
                throw new IllegalStateException("mariadbd did not start: " + errorLog());
            }
            Thread.sleep(100);
        }
    }

    private boolean acceptsTheTestUser() {
        try (Connection connection = DriverManager.getConnection(settings().jdbcUrl(), USER, PASSWORD)) {
            return connection.isValid(2);
        } catch (SQLException notYet) {
            return false;
        }
    }

    /** A clean shutdown (SIGTERM, as {@code mariadb-admin shutdown} does): connections are closed, data flushed. */
    void shutDown() throws InterruptedException {
        server.destroy();
        awaitExit();
    }

    /** SIGKILL: the server vanishes mid-transaction; InnoDB recovers from its redo log on the next start. */
    void kill() throws InterruptedException {
        server.destroyForcibly();
        awaitExit();
    }

    /**
     * SIGSTOP: the server keeps its connections open and accepts new TCP connections (the kernel does that), but
     * answers nothing, as a server does that hangs, swaps or sits behind a network that drops packets.
     */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
        frozen = true;
        awaitEveryThreadStopped();
    }

    /**
     * kill(2) returns once the signal is sent; each of the server's threads stops on its own a moment later. A
     * probe sent in that moment was once answered (CI, 2026-12-07: /ready 200 three milliseconds after the freeze),
     * so a frozen server is one whose threads all show the stopped state in /proc. Where there is no /proc, the
     * signal alone has to do.
     */
    private void awaitEveryThreadStopped() throws IOException, InterruptedException {
        Path tasks = Path.of("/proc", Long.toString(server.pid()), "task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!everyThreadStopped(tasks)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("mariadbd " + server.pid() + " has threads still running 10 s after"
                        + " SIGSTOP");
            }
            Thread.sleep(1);
        }
    }

    private static boolean everyThreadStopped(Path tasks) throws IOException {
        try (var threads = Files.list(tasks)) {
            return threads.allMatch(thread -> {
                try {
                    // The state follows the command name in parentheses, which may itself hold spaces.
                    String stat = Files.readString(thread.resolve("stat"));
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    return state == 'T' || state == 't';
                } catch (IOException gone) {
                    return true; // a thread that ended stops nothing
                }
            });
        }
    }

    /** SIGCONT: the frozen server carries on where it stopped. */
    void thaw() throws IOException, InterruptedException {
        if (frozen) {
            signal("CONT");
            frozen = false;
        }
    }

    /** Sends a signal to this test's own server process, by its id. */
    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(server.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + server.pid() + " failed");
        }
    }

    private void awaitExit() throws InterruptedException {
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("mariadbd did not stop within 60 s");
        }
    }

    /** True once nothing listens on the port any more. */
    boolean isDown() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    /** The product's MySQL settings (pool, timeouts) for this server's database. */
    DatabaseSettings settings() {
        return DatabaseSettings.mysql("jdbc:mysql://127.0.0.1:" + port + "/" + DATABASE
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true", USER, PASSWORD);
    }

    String errorLog() {
        try {
            return Files.readString(directory.resolve("error.log"));
        } catch (IOException e) {
            return "(no error log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (server != null && server.isAlive()) {
            thaw(); // a stopped server would never act on the shutdown signal
            shutDown();
        }
    }
}
