package sh.smarter.prompt.persistence.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SeqWindowsTest {

    /** A session of {@code lastSeq} seqs in which {@code matches} picks the rows the query wants; counts its work. */
    private static final class Session implements SeqWindows.RangeQuery<Long> {
        final LongPredicate matches;
        int queries;
        long rowsReturned;

        Session(LongPredicate matches) {
            this.matches = matches;
        }

        @Override
        public List<Long> between(long from, long to) {
            queries++;
            List<Long> rows = LongStream.rangeClosed(from, to).filter(matches).boxed().toList();
            rowsReturned += rows.size();
            return rows;
        }

        List<Long> newestByHand(long lastSeq, int limit) {
            List<Long> all = LongStream.rangeClosed(1, lastSeq).filter(matches).boxed().toList();
            return new ArrayList<>(all.subList(Math.max(0, all.size() - limit), all.size()));
        }
    }

    @Test
    void a_chat_history_takes_two_queries_and_returns_few_rows_beyond_the_limit() {
        // A turn of five messages, two of them (user, assistant) the ones a model sees.
        Session session = new Session(seq -> seq % 5 == 1 || seq % 5 == 4);

        List<Long> newest = SeqWindows.newest(10_000, 51, 102, session);

        assertThat(newest).isEqualTo(session.newestByHand(10_000, 51));
        assertThat(session.queries).isEqualTo(2);
        assertThat(session.rowsReturned).isLessThanOrEqualTo(51 + 16);
    }

    @Test
    void matches_that_thin_out_are_still_found_in_a_few_queries() {
        // Dense near the end, then one match every thousand seqs.
        Session session = new Session(seq -> seq > 99_900 || seq % 1_000 == 0);

        List<Long> newest = SeqWindows.newest(100_000, 60, 100, session);

        assertThat(newest).isEqualTo(session.newestByHand(100_000, 60));
        assertThat(session.queries).isLessThanOrEqualTo(12);
    }

    @Test
    void a_session_with_fewer_matches_than_asked_returns_them_all() {
        Session session = new Session(seq -> seq % 7 == 0);

        assertThat(SeqWindows.newest(300, 500, 64, session)).isEqualTo(session.newestByHand(300, 500));
        assertThat(SeqWindows.newest(0, 10, 64, new Session(seq -> true))).isEmpty();
    }

    @Test
    void the_oldest_match_is_found_past_the_first_window() {
        Session early = new Session(seq -> seq >= 3);
        Session late = new Session(seq -> seq == 5_000);

        assertThat(SeqWindows.oldest(() -> 10_000, 64, early)).contains(3L);
        assertThat(early.queries).isEqualTo(1);
        assertThat(SeqWindows.oldest(() -> 10_000, 64, late)).contains(5_000L);
        assertThat(SeqWindows.oldest(() -> 10_000, 64, new Session(seq -> false))).isEmpty();
    }
}
