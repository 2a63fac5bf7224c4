package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Collection;

/** Durations in nanoseconds, read as milliseconds at a percentile (nearest rank). */
final class Samples {
    private final long[] sortedNanos;

    private Samples(long[] sortedNanos) {
        this.sortedNanos = sortedNanos;
    }

    static Samples of(Collection<Long> nanos) {
        long[] values = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(values);
        return new Samples(values);
    }

    int count() {
        return sortedNanos.length;
    }

    /** NaN when there are no samples, so that a missing figure never reads as zero. */
    double millisAt(double percent) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }

    double p50() {
        return millisAt(50);
    }

    double p99() {
        return millisAt(99);
    }

    double max() {
        return millisAt(100);
    }

    /** {"p50_ms", "p90_ms", "p99_ms", "max_ms"} rounded to microseconds. */
    ObjectNode toJson() {
        ObjectNode json = BenchJson.object();
        json.put("p50_ms", BenchJson.round(millisAt(50), 3));
        json.put("p90_ms", BenchJson.round(millisAt(90), 3));
        json.put("p99_ms", BenchJson.round(millisAt(99), 3));
        json.put("max_ms", BenchJson.round(millisAt(100), 3));
        return json;
    }
}
