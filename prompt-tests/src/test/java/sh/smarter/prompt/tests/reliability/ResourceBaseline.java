package sh.smarter.prompt.tests.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a server in this JVM holds when it is idle — live threads, pooled database connections in use, open
 * connections to the provider — and the check that a storm left nothing more behind. Threads of the test's own
 * fake provider do not count. Pools that shrink lazily are given a few seconds to settle.
 */
final class ResourceBaseline {
    private static final Duration SETTLE = Duration.ofSeconds(10);
    /** Threads that come and go on their own (JIT, GC helpers, the pool's housekeeper) without being a leak. */
    private static final int THREAD_SLACK = 4;
    /** Keep-alive connections to the provider that may stay open, idle, for reuse: one per concurrent call. */
    private static final int IDLE_PROVIDER_CONNECTIONS = 6;
    private static final String ESTABLISHED = "01";

    private final JpaPromptServer server;
    private final Set<String> threads;

    private ResourceBaseline(JpaPromptServer server, Set<String> threads) {
        this.server = server;
        this.threads = threads;
    }

    static ResourceBaseline take(JpaPromptServer server) {
        return new ResourceBaseline(server, Set.copyOf(serverThreads()));
    }

    void assertNothingLeaked() throws InterruptedException {
        awaitOrFail(() -> server.pool().getActiveConnections() == 0, () -> server.pool().getActiveConnections()
                + " pooled database connections are still in use after the storm");
        awaitOrFail(() -> serverThreads().size() <= threads.size() + THREAD_SLACK, () -> "live threads grew from "
                + threads.size() + " to " + serverThreads().size() + "; new: " + newThreads());
        awaitOrFail(() -> connectionsToProvider() <= IDLE_PROVIDER_CONNECTIONS, () -> connectionsToProvider()
                + " connections to the provider are still open (at most " + IDLE_PROVIDER_CONNECTIONS
                + " idle ones are kept for reuse)");
    }

    private static void awaitOrFail(BooleanSupplier settled, Supplier<String> problem) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!settled.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(problem.get());
            }
            Thread.sleep(100);
        }
    }

    private List<String> newThreads() {
        return serverThreads().stream().filter(name -> !threads.contains(name)).sorted().toList();
    }

    /** Live threads, by name, except the fake provider's own. */
    private static List<String> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> !name.startsWith("fake-openai-")).collect(Collectors.toList());
    }

    /** Established TCP connections from this machine to the fake provider's port, from /proc/net/tcp(6). */
    private long connectionsToProvider() {
        String port = String.format(Locale.ROOT, "%04X", server.provider.port());
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                count += Files.readAllLines(Path.of(table)).stream().skip(1).map(String::trim)
                        .map(line -> line.split("\\s+"))
                        .filter(fields -> fields[2].endsWith(":" + port) && fields[3].equals(ESTABLISHED))
                        .count();
            } catch (IOException noProcFileSystem) {
                return 0; // not Linux: nothing to count with
            }
        }
        return count;
    }
}
