package sh.smarter.prompt.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CutoffsTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void ages_count_back_from_now() {
        assertThat(Cutoffs.olderThan("30d", NOW)).isEqualTo(Instant.parse("2026-10-27T12:00:00Z"));
        assertThat(Cutoffs.olderThan("2w", NOW)).isEqualTo(Instant.parse("2026-11-12T12:00:00Z"));
        assertThat(Cutoffs.olderThan("12h", NOW)).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(Cutoffs.olderThan("90m", NOW)).isEqualTo(Instant.parse("2026-11-26T10:30:00Z"));
        assertThat(Cutoffs.olderThan("P1D", NOW)).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
    }

    @Test
    void dates_are_midnight_utc_and_timestamps_keep_their_offset() {
        assertThat(Cutoffs.inactiveSince("2026-01-31")).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
        assertThat(Cutoffs.inactiveSince("2026-01-31T12:00:00+01:00")).isEqualTo(Instant.parse("2026-01-31T11:00:00Z"));
    }

    @Test
    void nonsense_is_a_usage_error_that_shows_the_expected_form() {
        assertThatThrownBy(() -> Cutoffs.olderThan("a month", NOW)).hasMessageContaining("such as 30d");
        assertThatThrownBy(() -> Cutoffs.olderThan("0d", NOW)).hasMessageContaining("positive");
        assertThatThrownBy(() -> Cutoffs.inactiveSince("yesterday")).hasMessageContaining("such as 2026-01-31");
    }
}
