package sh.smarter.prompt.tests.reliability;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sh.smarter.prompt.tests.server.PromptClient;

/**
 * A steady load of prompts: {@code clients} threads, each sending prompts one after the other to a session of a
 * shared list (so several clients write to one session at once), alternating between the native API and the
 * compatibility endpoint. Every input is unique ("client 2 prompt 17"), so a test can find its turn in the
 * database. The load runs until {@link #stop()}; each prompt's outcome is kept.
 */
final class PromptLoad implements AutoCloseable {
    /** What one prompt got: a status (0 when no answer came at all: refused, reset) and when it ran. */
    record Outcome(String input, boolean viaNativeApi, int status, String body, long startedNanos,
                   long finishedNanos) {
        boolean answered() {
            return status != 0;
        }

        Duration took() {
            return Duration.ofNanos(finishedNanos - startedNanos);
        }

        /** The turn id a native 200 names; compatibility answers are found by their unique input instead. */
        Optional<String> turnId() {
            if (status != 200 || !viaNativeApi) {
                return Optional.empty();
            }
            return Optional.of(PromptClient.json(body).path("turn_id").asText());
        }

        @Override
        public String toString() {
            return (viaNativeApi ? "native" : "compat") + " \"" + input + "\" -> " + (answered() ? status : "no answer")
                    + " in " + took().toMillis() + " ms" + (answered() && status != 200 ? ": "
                    + ErrorAnswers.clip(body) : "");
        }
    }

    private final PromptClient client;
    private final String chatbot;
    private final List<String> sessionKeys;
    private final List<Thread> threads = new ArrayList<>();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    PromptLoad(PromptClient client, String chatbot, List<String> sessionKeys, int clients) {
        this.client = client;
        this.chatbot = chatbot;
        this.sessionKeys = List.copyOf(sessionKeys);
        for (int number = 1; number <= clients; number++) {
            int clientNumber = number;
            Thread thread = new Thread(() -> run(clientNumber), "prompt-load-client-" + clientNumber);
            thread.setDaemon(true); // a failed test must not leave a load running
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    private void run(int clientNumber) {
        String session = sessionKeys.get(clientNumber % sessionKeys.size());
        for (int prompt = 1; running.get(); prompt++) {
            String input = "load client " + clientNumber + " prompt " + prompt;
            boolean viaNativeApi = prompt % 2 == 1;
            long started = System.nanoTime();
            try {
                HttpResponse<String> response = viaNativeApi ? client.nativePrompt(chatbot, session, input)
                        : client.compatPrompt(chatbot, session, input);
                outcomes.add(new Outcome(input, viaNativeApi, response.statusCode(), response.body(), started,
                        System.nanoTime()));
            } catch (UncheckedIOException noAnswer) {
                outcomes.add(new Outcome(input, viaNativeApi, 0, String.valueOf(noAnswer.getCause()), started,
                        System.nanoTime()));
                pause(); // the server is gone: do not spin on refused connections
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The outcomes so far. */
    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    long count(int status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    /** Waits until this many prompts were answered 200, so that the load is known to be flowing. */
    void awaitAnswered(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(200) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the load got " + count(200) + " answers instead of " + count + " within "
                        + timeout + "; so far: " + outcomes());
            }
            Thread.sleep(20);
        }
    }

    /** Stops sending and waits for the prompts in flight; returns every outcome. */
    List<Outcome> stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " still waits for an answer after 60 s");
            }
        }
        return outcomes();
    }

    @Override
    public void close() throws InterruptedException {
        if (running.get()) {
            stop();
        }
    }
}
