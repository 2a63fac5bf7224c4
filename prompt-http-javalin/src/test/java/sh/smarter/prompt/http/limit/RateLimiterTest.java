package sh.smarter.prompt.http.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The buckets on a clock moved by hand: what a person at a widget never meets, and what a burst always does. */
class RateLimiterTest {
    private final ManualTime time = new ManualTime();
    private final RateLimitSettings defaults = RateLimitSettings.DEFAULTS;

    @Test
    void a_person_prompting_every_three_seconds_for_an_hour_is_never_refused() {
        RateLimiter byAddress = new RateLimiter(defaults.perClientAddress(), time);
        RateLimiter bySession = new RateLimiter(defaults.perSession(), time);

        for (int turn = 0; turn < 1200; turn++) {
            // The widget posts the prompt, then fetches its configuration again.
            assertThat(byAddress.tryAcquire("address:203.0.113.7")).as("prompt %d", turn).isEmpty();
            assertThat(bySession.tryAcquire("session:s1")).as("prompt %d in its session", turn).isEmpty();
            assertThat(byAddress.tryAcquire("address:203.0.113.7")).as("config after %d", turn).isEmpty();
            time.advance(Duration.ofSeconds(3));
        }
    }

    @Test
    void a_burst_gets_one_minutes_worth_then_waits_for_the_refill() {
        RateLimiter byAddress = new RateLimiter(defaults.perClientAddress(), time);

        int allowed = 0;
        Optional<Duration> firstRefusal = Optional.empty();
        for (int i = 0; i < 300 && firstRefusal.isEmpty(); i++) {
            firstRefusal = byAddress.tryAcquire("address:198.51.100.1");
            allowed += firstRefusal.isEmpty() ? 1 : 0;
        }

        assertThat(allowed).isEqualTo(defaults.perClientAddress());
        Duration oneRequest = Duration.ofMinutes(1).dividedBy(defaults.perClientAddress());
        assertThat(firstRefusal).hasValueSatisfying(wait -> assertThat(wait).isEqualTo(oneRequest));
        // Another caller is not affected.
        assertThat(byAddress.tryAcquire("address:198.51.100.2")).isEmpty();

        time.advance(oneRequest);
        assertThat(byAddress.tryAcquire("address:198.51.100.1")).isEmpty();
        assertThat(byAddress.tryAcquire("address:198.51.100.1")).isPresent();
    }

    @Test
    void zero_turns_the_limit_off() {
        RateLimiter off = new RateLimiter(0, time);

        for (int i = 0; i < 10_000; i++) {
            assertThat(off.tryAcquire("address:192.0.2.1")).isEmpty();
        }
    }

    @Test
    void only_the_most_recent_callers_keep_a_bucket() {
        RateLimiter limiter = new RateLimiter(1, time);
        assertThat(limiter.tryAcquire("first")).isEmpty();
        assertThat(limiter.tryAcquire("first")).isPresent();

        for (int i = 0; i < RateLimiter.MAX_CALLERS; i++) {
            limiter.tryAcquire("caller-" + i);
        }

        assertThat(limiter.callers()).isEqualTo(RateLimiter.MAX_CALLERS);
        // Pushed out, so it starts again with a full bucket: the price of a bounded memory.
        assertThat(limiter.tryAcquire("first")).isEmpty();
    }

    @Test
    void negative_limits_are_refused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RateLimitSettings(-1, 20, 240))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perClientAddress");
    }

    private static final class ManualTime implements TimeMeter {
        private long nanos = 1_000_000_000L;

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }
}
