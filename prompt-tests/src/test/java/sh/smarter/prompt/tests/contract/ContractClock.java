package sh.smarter.prompt.tests.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the contract suites move by hand. Every read ticks one microsecond, so no two readings are equal and all
 * of them survive a {@code DATETIME(6)} column unchanged. Safe to read from many threads.
 */
public final class ContractClock extends Clock {
    private static final Duration TICK = Duration.of(1, ChronoUnit.MICROS);

    private final AtomicReference<Instant> now;

    public ContractClock(Instant start) {
        this.now = new AtomicReference<>(microsecondPrecise(start));
    }

    /** The instant the next read returns, without ticking. */
    public Instant peek() {
        return now.get();
    }

    public void advance(Duration duration) {
        now.updateAndGet(t -> microsecondPrecise(t.plus(duration)));
    }

    public void set(Instant instant) {
        now.set(microsecondPrecise(instant));
    }

    @Override
    public Instant instant() {
        return now.getAndUpdate(t -> t.plus(TICK));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    private static Instant microsecondPrecise(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
