package sh.smarter.prompt.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.server.ServeProcess;

/**
 * Several machines over a multi-primary database: three {@code serve} processes, each on its own node of a
 * three-node MariaDB Galera cluster ({@code scripts/galera-test-cluster.sh}), take prompts to one session in turn.
 * Galera certifies concurrent commits optimistically, so appends to one session from different nodes conflict
 * (error 1213 at commit); the store retries them. Then a node is killed mid-run and started again.
 */
class GaleraClusterTest {
    private static final String CHATBOT = "example";
    private static final int INSTANCES = 3;
    private static final int THREADS = 6;
    private static final int PROMPTS_PER_THREAD = 15;
    private static final Pattern RETRIES_METRIC =
            Pattern.compile("(?m)^smarter_prompt_database_write_retries_total (\\S+)$");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    record Outcome(int instance, String input, int status, long millis, long finishedNanos) {
        long startedNanos() {
            return finishedNanos - millis * 1_000_000;
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void three_instances_on_three_galera_nodes_keep_one_session_whole_and_ride_out_a_node_crash() throws Exception {
        GaleraCluster cluster = GaleraCluster.require();
        String database = "galera_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(cluster, 1, "smarter_prompt_test", "CREATE DATABASE " + database
                + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        List<ServeProcess> instances = new ArrayList<>();
        try (FakeOpenAiServer provider = FakeOpenAiServer.start()) {
            provider.latency(Duration.ofMillis(20));
            for (int node = 1; node <= INSTANCES; node++) {
                instances.add(ServeProcess.start(directory, ServeProcess.freePort(),
                        List.of("--db-url", cluster.url(node, database), "--db-user", cluster.user(), "--metrics"),
                        Map.of("SMARTER_PROMPT_DB_PASSWORD", cluster.password(), "OPENAI_BASE_URL", provider.url(),
                                "OPENAI_API_KEY", "sk-galera-test-0015")));
            }
            String session = instances.get(0).client().newSession(CHATBOT);

            // 1. Every prompt of one session, rotating across the three instances.
            long started = System.nanoTime();
            List<Outcome> rotating = load(instances, session, "rotating", THREADS, PROMPTS_PER_THREAD, null);
            long rotatingMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(rotating).hasSize(THREADS * PROMPTS_PER_THREAD)
                    .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(200));
            StoredTurns stored = read(cluster, database);
            assertThat(stored.problems()).as("seqs dense, every turn whole and in order").isEmpty();
            for (Outcome outcome : rotating) {
                assertThat(stored.countOfInput(outcome.input())).as("turns of %s", outcome).isEqualTo(1);
                assertThat(stored.turnOfInput(outcome.input()).orElseThrow().answer())
                        .contains("Echo: " + outcome.input());
            }
            List<Long> retries = new ArrayList<>();
            for (ServeProcess instance : instances) {
                long retried = retriesMetric(instance);
                retries.add(retried);
                String log = instance.errorLog();
                assertThat(countLines(log, "lost to a concurrent write")).as("one log line per retried write")
                        .isEqualTo(retried);
                assertThat(log).as("Hibernate's own SQL error lines are off").doesNotContain("HHH000247").doesNotContain("\tat ");
            }
            System.out.printf("Galera: %d prompts on one session across %d instances in %d ms, all stored once "
                    + "in order; certification conflicts retried per instance: %s%n", rotating.size(), INSTANCES,
                    rotatingMillis, retries);

            // 2. Node 3 dies mid-run: its instance answers 503 quickly, the others go on.
            AtomicBoolean killed = new AtomicBoolean();
            long[] killedAt = new long[1];
            List<Outcome> crash = load(instances, session, "crash", 3, 24, outcomes -> {
                if (!killed.get() && outcomes.size() >= 9) {
                    killed.set(true);
                    try {
                        cluster.killNode(3);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    killedAt[0] = System.nanoTime();
                }
            });
            assertThat(killed).isTrue();
            List<Outcome> afterKill = crash.stream().filter(o -> o.startedNanos() > killedAt[0]).toList();
            assertThat(crash).as("every prompt got 200 or, on the instance whose node died, 503")
                    .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isIn(200, 503));
            assertThat(afterKill.stream().filter(o -> o.instance() == 3))
                    .as("the instance on the dead node").isNotEmpty()
                    .allSatisfy(o -> {
                        assertThat(o.status()).as(o.toString()).isEqualTo(503);
                        assertThat(o.millis()).as("503 comes quickly: %s", o).isLessThan(10_000);
                    });
            assertThat(afterKill.stream().filter(o -> o.instance() != 3 && o.status() == 200))
                    .as("the other instances go on").isNotEmpty();
            assertThat(instances.get(2).client().get("ready").statusCode()).isEqualTo(503);

            // 3. The node rejoins: the instance recovers by itself, no restart.
            long restarting = System.nanoTime();
            cluster.startNode(3);
            long recoveredMillis = awaitReady(instances.get(2), Duration.ofSeconds(90));
            HttpResponse<String> again = instances.get(2).client().nativePrompt(CHATBOT, session, "after the rejoin");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            System.out.printf("Galera: node 3 killed; %d of %d prompts after it got 200 from the other instances; "
                    + "instance 3 answered 503 in at most %d ms; it was ready again %d ms after the node restart "
                    + "began%n", afterKill.stream().filter(o -> o.status() == 200).count(), afterKill.size(),
                    afterKill.stream().filter(o -> o.instance() == 3).mapToLong(Outcome::millis).max().orElse(0),
                    (recoveredMillis - restarting) / 1_000_000);

            StoredTurns after = read(cluster, database);
            assertThat(after.problems()).as("the crash broke no turn").isEmpty();
            for (Outcome outcome : crash) {
                long copies = after.countOfInput(outcome.input());
                if (outcome.status() == 200) {
                    assertThat(copies).as("an answered prompt is stored once: %s", outcome).isEqualTo(1);
                } else {
                    assertThat(copies).as("a refused prompt is stored at most once: %s", outcome).isLessThan(2);
                }
            }
            assertThat(instances.get(2).errorLog()).as("a database that went away is one line, no stack trace")
                    .doesNotContain("\tat ");
        } finally {
            for (ServeProcess instance : instances) {
                instance.stop();
            }
            execute(cluster, 1, "smarter_prompt_test", "DROP DATABASE IF EXISTS " + database);
        }
    }

    /**
     * {@code threads} clients, each sending {@code prompts} prompts to the session, prompt n of client c going to
     * instance (c + n) mod 3; {@code afterEach} sees the outcomes so far after each answer.
     */
    private static List<Outcome> load(List<ServeProcess> instances, String session, String label, int threads,
                                      int prompts, java.util.function.Consumer<Queue<Outcome>> afterEach)
            throws InterruptedException {
        Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < threads; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                for (int n = 0; n < prompts; n++) {
                    int instance = (client + n) % instances.size();
                    String input = label + " client " + client + " prompt " + n;
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = instances.get(instance).client().nativePrompt(CHATBOT, session, input).statusCode();
                    } catch (RuntimeException noAnswer) {
                        status = 0;
                    }
                    long end = System.nanoTime();
                    outcomes.add(new Outcome(instance + 1, input, status, (end - start) / 1_000_000, end));
                    if (afterEach != null) {
                        synchronized (outcomes) {
                            afterEach.accept(outcomes);
                        }
                    }
                }
            }, label + "-client-" + client);
            thread.setDaemon(true);
            clients.add(thread);
        }
        clients.forEach(Thread::start);
        for (Thread thread : clients) {
            thread.join(TimeUnit.MINUTES.toMillis(4));
        }
        return List.copyOf(outcomes);
    }

    private static long awaitReady(ServeProcess instance, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (instance.client().get("ready").statusCode() == 200) {
                return System.nanoTime();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the instance on the restarted node was not ready within " + within + ": "
                + instance.errorLog());
    }

    private static long retriesMetric(ServeProcess instance) {
        String scrape = instance.client().get("metrics").body();
        Matcher m = RETRIES_METRIC.matcher(scrape);
        assertThat(m.find()).as("the write retries metric in %s", scrape).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static long countLines(String text, String fragment) {
        return text.lines().filter(line -> line.contains(fragment)).count();
    }

    private static StoredTurns read(GaleraCluster cluster, String database) throws Exception {
        try (Connection connection = DriverManager.getConnection(cluster.url(1, database), cluster.user(),
                cluster.password())) {
            return StoredTurns.read(connection);
        }
    }

    private static void execute(GaleraCluster cluster, int node, String database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(cluster.url(node, database), cluster.user(),
                cluster.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
