package sh.smarter.prompt.persistence.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Reads that stay cheap however long a session grows. Every query names a bounded seq range of the session, which
 * each database serves with a short walk of the primary key. ({@code ORDER BY seq DESC LIMIT n} alone would do on
 * MySQL, but H2 reads every row of the session before it applies the limit.) Ranges start small and grow, so
 * finding {@code n} matching rows costs a few queries over at most about twice the rows between them.
 */
final class SeqWindows {
    /** Windows sized from the density of matches: a quarter more than the estimate, never under 16 seqs. */
    private static final double DENSITY_MARGIN = 1.25;
    private static final long MIN_WINDOW = 16;
    /** After this many queries the windows double, so a session whose matches thin out still takes few queries. */
    private static final int MAX_ESTIMATED_QUERIES = 3;

    /** A query for the matching rows whose seq (or turn seq) lies in [from, to], oldest first. */
    @FunctionalInterface
    interface RangeQuery<T> {
        List<T> between(long from, long to);
    }

    private SeqWindows() {
    }

    /**
     * The newest {@code limit} matching rows at or below {@code lastSeq}, oldest first. After the first window the
     * next one is sized by the density of matches seen so far (with a margin), so a second query usually finishes
     * the job without reading many rows that are then thrown away; when nothing matched yet, or the matches keep
     * thinning out, windows double instead.
     */
    static <T> List<T> newest(long lastSeq, int limit, long firstWindow, RangeQuery<T> query) {
        List<List<T>> newestRangeFirst = new ArrayList<>();
        int found = 0;
        long scanned = 0;
        long upper = lastSeq;
        long window = firstWindow;
        for (int queries = 1; found < limit && upper >= 1; queries++) {
            long lower = Math.max(1, upper - window + 1);
            List<T> rows = query.between(lower, upper);
            newestRangeFirst.add(rows);
            found += rows.size();
            scanned += upper - lower + 1;
            upper = lower - 1;
            if (found == 0 || queries >= MAX_ESTIMATED_QUERIES) {
                window = Math.max(2 * window, scanned);
            } else {
                double seqsPerMatch = (double) scanned / found;
                window = Math.max(MIN_WINDOW, (long) Math.ceil((limit - found) * seqsPerMatch * DENSITY_MARGIN));
            }
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
