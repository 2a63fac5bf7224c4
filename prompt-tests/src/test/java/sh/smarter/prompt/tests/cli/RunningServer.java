package sh.smarter.prompt.tests.cli;

import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.smarter.prompt.cli.wiring.ShutdownSignal;

/** {@code prompt serve} running in this JVM on a thread of its own, until {@link #close()} signals it to stop. */
final class RunningServer implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("is serving (http://\\S+/)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final ShutdownSignal shutdown = ShutdownSignal.manual();
    private final StringWriter out = new StringWriter();
    private final CompletableFuture<CliHarness.Result> run;
    private final String url;

    RunningServer(CliHarness cli, String... extraArgs) {
        String[] args = new String[extraArgs.length + 3];
        args[0] = "serve";
        args[1] = "--port";
        args[2] = "0";
        System.arraycopy(extraArgs, 0, args, 3, extraArgs.length);
        run = CompletableFuture.supplyAsync(() -> cli.run("", shutdown, out, args));
        url = awaitUrl();
    }

    private String awaitUrl() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Matcher serving = SERVING.matcher(out.toString());
            if (serving.find() && out.toString().contains("Ctrl+C")) {
                return serving.group(1);
            }
            if (run.isDone()) {
                throw new IllegalStateException("serve ended before it served: " + run.join());
            }
            sleep();
        }
        throw new IllegalStateException("serve did not start within " + START_TIMEOUT + ": " + out);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's base URL, ending with "/". */
    String url() {
        return url;
    }

    /** What serve printed on stdout so far. */
    String output() {
        return out.toString();
    }

    /** Signals the shutdown, as SIGTERM would, and waits for serve to return. */
    CliHarness.Result stop() {
        shutdown.request();
        try {
            return run.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("serve did not stop", e);
        }
    }

    @Override
    public void close() {
        if (!run.isDone()) {
            stop();
        }
    }
}
