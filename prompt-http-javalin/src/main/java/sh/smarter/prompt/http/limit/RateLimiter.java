package sh.smarter.prompt.http.limit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One token bucket (Bucket4j) per caller key, in this process's memory: {@code perMinute} requests at once, refilled
 * evenly over a minute. Only the {@value #MAX_CALLERS} most recently seen callers keep a bucket, so a flood of new
 * keys cannot exhaust the heap; a caller pushed out starts again with a full bucket.
 */
final class RateLimiter {
    static final int MAX_CALLERS = 50_000;

    private final int perMinute;
    private final TimeMeter time;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_CALLERS;
        }
    };

    /** @param perMinute requests a minute; 0 lets everything through */
    RateLimiter(int perMinute, TimeMeter time) {
        this.perMinute = perMinute;
        this.time = time;
    }

    boolean isOff() {
        return perMinute == 0;
    }

    int perMinute() {
        return perMinute;
    }

    /** How many callers have a bucket now. */
    int callers() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    /** Takes one request from the caller's bucket: empty when allowed, else how long until one is. */
    Optional<Duration> tryAcquire(String caller) {
        if (isOff()) {
            return Optional.empty();
        }
        ConsumptionProbe probe = bucketOf(caller).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private Bucket bucketOf(String caller) {
        synchronized (buckets) {
            return buckets.computeIfAbsent(caller, k -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))
                            .build())
                    .withCustomTimePrecision(time)
                    .build());
        }
    }
}
