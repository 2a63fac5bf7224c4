package sh.smarter.prompt.persistence.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Reads that stay cheap however long a session grows. Every query names a bounded seq range of the session, which
 * each database serves with a short walk of the primary key. ({@code ORDER BY seq DESC LIMIT n} alone would do on
 * MySQL, but H2 reads every row of the session before it applies the limit.) Ranges start small and double, so
 * finding {@code n} matching rows costs a few queries over at most about twice the rows between them.
 */
final class SeqWindows {
    /** A query for the matching rows whose seq (or turn seq) lies in [from, to], oldest first. */
    @FunctionalInterface
    interface RangeQuery<T> {
        List<T> between(long from, long to);
    }

    private SeqWindows() {
    }

    /** The newest {@code limit} matching rows at or below {@code lastSeq}, oldest first. */
    static <T> List<T> newest(long lastSeq, int limit, long firstWindow, RangeQuery<T> query) {
        List<List<T>> newestRangeFirst = new ArrayList<>();
        int found = 0;
        long upper = lastSeq;
        long window = firstWindow;
        while (found < limit && upper >= 1) {
            long lower = Math.max(1, upper - window + 1);
            List<T> rows = query.between(lower, upper);
            newestRangeFirst.add(rows);
            found += rows.size();
            upper = lower - 1;
            window *= 2;
        }
        List<T> oldestFirst = new ArrayList<>(found);
        for (int i = newestRangeFirst.size() - 1; i >= 0; i--) {
            oldestFirst.addAll(newestRangeFirst.get(i));
        }
        return List.copyOf(oldestFirst.subList(Math.max(0, oldestFirst.size() - limit), oldestFirst.size()));
    }

    /**
     * The oldest matching row up to {@code lastSeq}, searching forward from seq 1. The first window is read before
     * {@code lastSeq} is asked for: the row sought is usually there (a system message at seq 1), and a window past
     * the session's end simply holds no rows.
     */
    static <T> Optional<T> oldest(LongSupplier lastSeq, long firstWindow, RangeQuery<T> query) {
        List<T> first = query.between(1, firstWindow);
        if (!first.isEmpty()) {
            return Optional.of(first.get(0));
        }
        long last = lastSeq.getAsLong();
        long lower = firstWindow + 1;
        long window = 2 * firstWindow;
        while (lower <= last) {
            long upper = Math.min(last, lower + window - 1);
            List<T> rows = query.between(lower, upper);
            if (!rows.isEmpty()) {
                return Optional.of(rows.get(0));
            }
            lower = upper + 1;
            window *= 2;
        }
        return Optional.empty();
    }
}
