package sh.smarter.prompt.persistence.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ExchangeReadsTest {

    @Test
    void a_context_window_and_its_system_message_are_read_as_two_short_ranges_not_the_whole_session() {
        TreeSet<Long> seqs = new TreeSet<>(List.of(1L, 9_951L, 9_952L, 9_953L, 9_960L, 9_999L, 10_000L));

        List<long[]> ranges = ExchangeReads.ranges(seqs);

        assertThat(ranges).extracting(range -> range[0] + ".." + range[1]).containsExactly("1..1", "9951..9960",
                "9999..10000");
    }

    @Test
    void seqs_sixteen_apart_share_a_range_and_seventeen_apart_do_not() {
        assertThat(ExchangeReads.ranges(new TreeSet<>(List.of(10L, 26L)))).hasSize(1);
        assertThat(ExchangeReads.ranges(new TreeSet<>(List.of(10L, 27L)))).hasSize(2);
        assertThat(ExchangeReads.ranges(new TreeSet<>())).isEmpty();
    }
}
