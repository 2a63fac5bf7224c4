package sh.smarter.prompt.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.cli.wiring.ShutdownSignal;
import sh.smarter.prompt.persistence.database.DatabaseSettings;

/**
 * What {@code serve}'s stop does with signals, in a process of its own that does what a draining server does:
 * after SIGTERM it still writes to the embedded database for a while, then closes it and exits. H2 closes its
 * databases in a JVM shutdown hook, so a stop that ran inside the JVM's exit had the database closed under the
 * turns it was draining (at random, as hooks run at once). A second signal cuts the drain short.
 */
class SignalsDuringDrainTest {
    private static final Duration DRAIN = Duration.ofMillis(500);
    private static final Duration LONG_DRAIN = Duration.ofSeconds(50);

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void after_sigterm_the_drain_still_writes_to_the_embedded_database_and_the_process_exits_once_it_closed_it()
            throws Exception {
        Path data = directory.resolve("data");
        Process child = start(data, DRAIN);
        try (BufferedReader output = output(child)) {
            assertThat(output.readLine()).isEqualTo("open");
            child.toHandle().destroy(); // SIGTERM; Process.destroy would also close the output
            assertThat(output.lines().toList()).as("what the process printed after SIGTERM")
                    .containsExactly("stopping", "written during the drain", "closed");
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(notes(data)).containsExactly("before the signal", "during the drain");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void a_second_sigterm_during_the_drain_ends_the_process_at_once_and_keeps_what_was_committed() throws Exception {
        Path data = directory.resolve("data");
        Process child = start(data, LONG_DRAIN);
        try (BufferedReader output = output(child)) {
            assertThat(output.readLine()).isEqualTo("open");
            child.toHandle().destroy();
            assertThat(output.readLine()).isEqualTo("stopping");
            long second = System.nanoTime();
            child.toHandle().destroy();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("ended by the second SIGTERM").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - second)).isLessThan(LONG_DRAIN.dividedBy(5));
            assertThat(output.lines().toList()).as("the drain was cut short").isEmpty();
        }
        assertThat(child.exitValue()).as("128 + SIGTERM").isEqualTo(143);
        assertThat(notes(data)).containsExactly("before the signal");
    }

    private static Process start(Path data, Duration drain) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DrainingProcess.class.getName(), data.toString(), Long.toString(drain.toMillis()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static BufferedReader output(Process child) {
        return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }

    private static List<String> notes(Path data) throws SQLException {
        DatabaseSettings embedded = DatabaseSettings.embeddedH2(data);
        List<String> notes = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(embedded.jdbcUrl(), embedded.user(),
                embedded.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT note FROM drained ORDER BY id")) {
            while (rows.next()) {
                notes.add(rows.getString(1));
            }
        }
        return notes;
    }

    /** Waits on serve's shutdown signal with the embedded database open, then drains as serve does. */
    public static final class DrainingProcess {
        public static void main(String[] arguments) throws Exception {
            DatabaseSettings embedded = DatabaseSettings.embeddedH2(Path.of(arguments[0]));
            long drainMillis = Long.parseLong(arguments[1]);
            ShutdownSignal shutdown = ShutdownSignal.onJvmExit();
            shutdown.takeSignals(); // as serve does before it opens anything
            Connection connection = DriverManager.getConnection(embedded.jdbcUrl(), embedded.user(),
                    embedded.password());
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE drained (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40))");
                statement.execute("INSERT INTO drained (note) VALUES ('before the signal')");
            }
            System.out.println("open");
            System.out.flush();
            shutdown.await();
            System.out.println("stopping");
            System.out.flush();
            try {
                Thread.sleep(drainMillis); // a prompt still waiting on its provider
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO drained (note) VALUES ('during the drain')");
                }
                System.out.println("written during the drain");
                connection.close();
                System.out.println("closed");
            } catch (SQLException e) {
                System.out.println("failed during the drain: " + e);
            } finally {
                shutdown.cleanedUp();
                System.out.flush();
            }
            System.exit(0);
        }
    }
}
