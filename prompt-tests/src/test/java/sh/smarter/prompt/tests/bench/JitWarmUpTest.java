package sh.smarter.prompt.tests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import org.junit.jupiter.api.Test;

/**
 * The warm-up rule, with the compilers' CPU scripted: each load slice sleeps for its duration and adds to the
 * compilers' CPU the share of a core the script gives for that slice.
 */
class JitWarmUpTest {
    private static final Duration SLICE = Duration.ofMillis(40);

    private final DoubleAdder compilerSeconds = new DoubleAdder();
    private final List<Duration> loads = new ArrayList<>();

    @Test
    void the_warm_up_goes_on_slice_by_slice_while_the_compilers_are_busy_and_stops_once_they_are_quiet() {
        JitWarmUp.Outcome outcome = run(Duration.ofSeconds(30), 1.0, 0.5, 0.3, 0.01);

        assertThat(loads).containsExactly(SLICE.multipliedBy(2), SLICE, SLICE, SLICE);
        assertThat(outcome.quiet()).isTrue();
        assertThat(outcome.lastShare()).isLessThanOrEqualTo(JitWarmUp.QUIET_SHARE);
        assertThat(outcome.describe()).contains("quiet at the end");
    }

    @Test
    void compilers_still_busy_at_the_limit_end_the_warm_up_and_the_outcome_says_so() {
        JitWarmUp.Outcome outcome = run(SLICE.multipliedBy(6), 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0);

        assertThat(loads.size()).isBetween(2, 6);
        assertThat(outcome.quiet()).isFalse();
        assertThat(outcome.describe()).contains("STILL BUSY at the limit");
    }

    @Test
    void compilers_quiet_from_the_start_end_the_warm_up_one_slice_after_the_minimum() {
        JitWarmUp.Outcome outcome = run(Duration.ofSeconds(30), 0.0, 0.0);

        assertThat(loads).hasSize(2);
        assertThat(outcome.quiet()).isTrue();
        assertThat(outcome.compilerCpuSeconds()).isZero();
    }

    /** Runs the rule with a minimum of two slices; {@code shares[i]} is the compilers' share during load i. */
    private JitWarmUp.Outcome run(Duration maximum, double... shares) {
        return JitWarmUp.run("a scripted server", compilerSeconds::sum, SLICE, SLICE.multipliedBy(2), maximum,
                duration -> {
                    int index = loads.size();
                    loads.add(duration);
                    sleep(duration);
                    double share = index < shares.length ? shares[index] : 0;
                    compilerSeconds.add(share * duration.toNanos() / 1e9);
                });
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
