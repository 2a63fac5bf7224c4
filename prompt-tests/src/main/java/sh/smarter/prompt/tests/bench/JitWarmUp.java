package sh.smarter.prompt.tests.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Load on a freshly started server until its JIT compilers go quiet, so that what follows measures the compiled code
 * rather than the compiler. On two cores a fixed warm-up is not enough for the product: after 40 s of load the one
 * C2 thread was still using 20-45 % of a core through every level measured after it, and the same server, fully
 * compiled (after about three minutes), answered the 16-session level with a third to a half of the overhead. The
 * bare endpoints, with a tenth of the code, go quiet sooner (60-100 s). Applying the same rule to every server warms
 * both sides of a comparison alike.
 *
 * <p>The load runs for the minimum, then slice by slice until the compiler threads spent at most
 * {@link #QUIET_SHARE} of one core over the last slice, or until the maximum.
 */
final class JitWarmUp {
    /** How long each check looks back. */
    static final Duration SLICE = Duration.ofSeconds(5);
    /** Compiler threads using at most this share of one core over a slice count as quiet. */
    static final double QUIET_SHARE = 0.03;

    private JitWarmUp() {
    }

    /**
     * @param load runs the server's warm-up load for the given duration (and fails if the server fails it)
     */
    static Outcome run(String server, long pid, Duration minimum, Duration maximum, Consumer<Duration> load) {
        return run(server, () -> ProcessProbe.compilerCpuSeconds(pid), SLICE, minimum, maximum, load);
    }

    /** As above, with the compilers' CPU seconds so far read from {@code compilerCpuSeconds}. */
    static Outcome run(String server, DoubleSupplier compilerCpuSeconds, Duration slice, Duration minimum,
                       Duration maximum, Consumer<Duration> load) {
        long started = System.nanoTime();
        double compilerAtStart = compilerCpuSeconds.getAsDouble();
        load.accept(minimum);
        double share = sliceShare(compilerCpuSeconds, () -> load.accept(slice));
        while (share > QUIET_SHARE && System.nanoTime() - started + slice.toNanos() <= maximum.toNanos()) {
            BenchLog.progress("%s: JIT compilers still at %.0f %% of a core, warming up %d ms more", server,
                    100 * share, slice.toMillis());
            share = sliceShare(compilerCpuSeconds, () -> load.accept(slice));
        }
        Outcome outcome = new Outcome(server, Duration.ofNanos(System.nanoTime() - started),
                compilerCpuSeconds.getAsDouble() - compilerAtStart, share, slice, share <= QUIET_SHARE);
        BenchLog.progress("%s", outcome.describe());
        return outcome;
    }

    private static double sliceShare(DoubleSupplier compilerCpuSeconds, Runnable slice) {
        double before = compilerCpuSeconds.getAsDouble();
        long start = System.nanoTime();
        slice.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        return (compilerCpuSeconds.getAsDouble() - before) / seconds;
    }

    /**
     * @param compilerCpuSeconds CPU the JIT compiler threads spent during the warm-up
     * @param lastShare          their share of one core over the last slice
     * @param quiet              whether they went quiet before the maximum
     */
    record Outcome(String server, Duration took, double compilerCpuSeconds, double lastShare, Duration slice,
                   boolean quiet) {
        String describe() {
            return String.format(Locale.ROOT, "%s warmed up for %d s: JIT compilers used %.1f CPU s, %s (%.1f %% of a"
                            + " core over the last %.1f s)", server, took.toSeconds(), compilerCpuSeconds,
                    quiet ? "quiet at the end" : "STILL BUSY at the limit", 100 * lastShare, slice.toMillis() / 1e3);
        }
    }
}
