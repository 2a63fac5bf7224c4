package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import sh.smarter.prompt.tests.server.ServeProcess;

/**
 * How many turns one server holds while the provider takes 2 s to answer: {@code prompt serve} from the runnable
 * jar, in its own JVM with a 512 MB heap, on a temp data directory, on Java 17 and on Java 25. Each step sends N
 * prompts at once (to N sessions made beforehand, as N open chat pages would), waits for every answer, and counts
 * failures, the most turns waiting at the provider at the same moment (from the fake's arrival times), and the heap
 * once all N reached the provider (or one provider latency after they were sent), before and after a full collection.
 *
 * <p>The client is asynchronous (a few threads hold thousands of HTTP/1.1 connections, one per request in flight);
 * the fake holds no thread per waiting request either. The ramp stops after a step with failures, or when the
 * server let fewer than half of the step's turns reach the provider at once (it is queueing them, so larger steps
 * only queue longer).
 */
final class ConcurrencyPart {
    static final List<String> JVM_OPTIONS = List.of("-Xmx512m");
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

    private ConcurrencyPart() {
    }

    static JdkRun run(String label, Path javaHome, BenchOptions options, Consumer<String> note) {
        BenchLog.progress("concurrency on %s: starting the server", label);
        Duration providerLatency = options.concurrencyProviderLatency();
        List<Step> steps = new ArrayList<>();
        ExecutorService callbacks = TimedPrompts.callbackPool();
        try (TimedFakeProvider provider = new TimedFakeProvider();
             BenchDatabase database = BenchDatabase.H2.inTempDirectory();
             ServeProcess server = ServeProcess.serve(javaHome, JVM_OPTIONS, options.jar(), 0,
                     database.serveArguments(), Map.of("OPENAI_BASE_URL", provider.baseUrl(),
                             "OPENAI_API_KEY", "sk-bench"), options.outputDir(), "concurrency-" + label);
             TimedPrompts client = new TimedPrompts(server.baseUrl(), callbacks)) {
            // Compiled code, as for the timed parts: how fast prompts get through their read to the provider sets
            // how many wait there at once.
            note.accept(ServerBenchmark.warmUpUntilCompiled("the concurrency server on " + label, server.pid(), client,
                    provider, options.shortWarmup(), options).describe());
            int most = options.concurrencySteps().stream().mapToInt(Integer::intValue).max().orElse(0);
            BenchLog.progress("concurrency on %s: creating %,d sessions", label, most);
            List<String> sessions = client.newSessions(most);
            provider.latency(providerLatency);
            for (int requests : options.concurrencySteps()) {
                BenchLog.progress("concurrency on %s: %,d prompts at once", label, requests);
                Step step = step(client, provider, server, sessions.subList(0, requests), providerLatency);
                steps.add(step);
                if (step.failures().values().stream().mapToInt(Integer::intValue).sum() > 0
                        || step.peakWaitingAtProvider() < requests / 2) {
                    break;
                }
                SessionLoad.parkUntil(System.nanoTime() + SETTLE.toNanos());
            }
            return new JdkRun(label, ProcessProbe.javaVersion(javaHome), steps, server.warningLines());
        } finally {
            callbacks.shutdownNow();
        }
    }

    @SuppressWarnings("FutureReturnValueIgnored") // whenComplete records each outcome; the latch below waits for all
    private static Step step(TimedPrompts client, TimedFakeProvider provider, ServeProcess server,
                             List<String> sessions, Duration providerLatency) {
        provider.drainArrivals();
        provider.keepArrivals(true);
        long requestsBefore = provider.requestCount();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peakInFlight = new AtomicInteger();
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        Queue<Long> latencies = new ConcurrentLinkedQueue<>();
        CountDownLatch answered = new CountDownLatch(sessions.size());
        long start = System.nanoTime();
        for (String session : sessions) {
            TimedFakeProvider.Question question = provider.newQuestion();
            long sent = System.nanoTime();
            peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            client.turnAsync(session, question).whenComplete((response, error) -> {
                inFlight.decrementAndGet();
                provider.takeProviderNanos(question);
                String failure = failureOf(response, error);
                if (failure == null) {
                    latencies.add(System.nanoTime() - sent);
                } else {
                    failures.computeIfAbsent(failure, key -> new LongAdder()).increment();
                }
                answered.countDown();
            });
        }
        double launchSeconds = (System.nanoTime() - start) / 1e9;
        // The heap is read once every turn reached the provider (or one provider latency later): the probe is a jcmd
        // process and a full collection, which would otherwise take the CPU the server needs to get them there.
        long allArrived = System.nanoTime() + providerLatency.toNanos();
        while (provider.requestCount() - requestsBefore < sessions.size() && System.nanoTime() < allArrived) {
            SessionLoad.parkUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10));
        }
        long probedAt = System.nanoTime();
        ProcessProbe.Heap heap = ProcessProbe.heap(server.javaHome(), server.pid());
        ProcessProbe.OsView os = ProcessProbe.osView(server.pid());
        try {
            if (!answered.await(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                failures.computeIfAbsent("not answered within " + STEP_TIMEOUT, key -> new LongAdder())
                        .add(answered.getCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        provider.keepArrivals(false);
        List<Long> arrivals = provider.drainArrivals();
        Map<String, Integer> failureCounts = new TreeMap<>();
        failures.forEach((reason, count) -> failureCounts.put(reason, count.intValue()));
        return new Step(sessions.size(), latencies.size(), failureCounts, launchSeconds, peakInFlight.get(),
                mostAtOnce(arrivals, providerLatency), waitingAt(arrivals, probedAt, providerLatency),
                Samples.of(latencies), heap, os);
    }

    private static String failureOf(HttpResponse<String> response, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            String message = String.valueOf(cause.getMessage());
            return cause.getClass().getSimpleName() + ": " + message.substring(0, Math.min(80, message.length()));
        }
        return TimedPrompts.failureOf(response.statusCode(), response.body());
    }

    /** Each request waits at the fake from its arrival for the latency: the most such intervals overlapping. */
    static int mostAtOnce(List<Long> arrivals, Duration latency) {
        List<Long> sorted = new ArrayList<>(arrivals);
        Collections.sort(sorted);
        int most = 0;
        int oldest = 0;
        for (int newest = 0; newest < sorted.size(); newest++) {
            while (sorted.get(oldest) <= sorted.get(newest) - latency.toNanos()) {
                oldest++;
            }
            most = Math.max(most, newest - oldest + 1);
        }
        return most;
    }

    private static int waitingAt(List<Long> arrivals, long moment, Duration latency) {
        return (int) arrivals.stream().filter(at -> at <= moment && at > moment - latency.toNanos()).count();
    }

    /**
     * One step of the ramp.
     *
     * @param peakClientInFlight    requests sent and not yet answered, at most (the server held them all)
     * @param peakWaitingAtProvider turns waiting at the provider at the same moment, at most
     * @param waitingAtProbe        turns waiting at the provider when the heap was read
     */
    record Step(int requests, int ok, Map<String, Integer> failures, double launchSeconds, int peakClientInFlight,
                int peakWaitingAtProvider, int waitingAtProbe, Samples latency, ProcessProbe.Heap heap,
                ProcessProbe.OsView os) {
        int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }

        ObjectNode toJson() {
            ObjectNode json = BenchJson.object().put("requests", requests).put("ok", ok).put("failed", failed())
                    .put("launch_seconds", BenchJson.round(launchSeconds, 2))
                    .put("peak_in_flight_at_client", peakClientInFlight)
                    .put("peak_waiting_at_provider", peakWaitingAtProvider)
                    .put("waiting_at_provider_when_heap_read", waitingAtProbe)
                    .put("heap_used_mb", BenchJson.round(heap.usedMb(), 1))
                    .put("heap_live_after_full_gc_mb", BenchJson.round(heap.liveMb(), 1))
                    .put("heap_committed_mb", BenchJson.round(heap.committedMb(), 1))
                    .put("os_threads", os.threads())
                    .put("rss_mb", BenchJson.round(os.rssMb(), 1));
            json.set("latency", latency.toJson());
            ObjectNode reasons = json.putObject("failures");
            failures.forEach(reasons::put);
            return json;
        }
    }

    /** The ramp on one JDK. */
    record JdkRun(String label, String javaVersion, List<Step> steps, long serverWarningLines) {
        /** The largest step answered without a failure, by turns waiting at the provider at once. */
        Step best() {
            Step best = null;
            for (Step step : steps) {
                if (step.failed() > 0) {
                    break;
                }
                if (best == null || step.peakWaitingAtProvider() > best.peakWaitingAtProvider()) {
                    best = step;
                }
            }
            return best;
        }

        ObjectNode toJson() {
            ObjectNode json = BenchJson.object().put("java", javaVersion)
                    .put("server_jvm_options", String.join(" ", JVM_OPTIONS))
                    .put("server_warning_lines", serverWarningLines);
            steps.forEach(step -> json.withArray("steps").add(step.toJson()));
            return json;
        }
    }
}
