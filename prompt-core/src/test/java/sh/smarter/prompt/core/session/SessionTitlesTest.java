package sh.smarter.prompt.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionTitlesTest {
    private static final String GRINNING = "\uD83D\uDE00"; // 😀, two chars

    @Test
    void a_title_within_the_limit_is_kept_as_it_is() {
        assertThat(SessionTitles.clip("Opening hours?", 14)).isEqualTo("Opening hours?");
        assertThat(SessionTitles.clipWithEllipsis("Opening hours?", 14)).isEqualTo("Opening hours?");
        assertThat(SessionTitles.clip(null, 10)).isNull();
    }

    @Test
    void a_longer_title_is_cut_at_the_limit() {
        assertThat(SessionTitles.clip("abcdefghij", 4)).isEqualTo("abcd");
        assertThat(SessionTitles.clipWithEllipsis("abcdefghij", 4)).isEqualTo("abc…");
    }

    @Test
    void an_emoji_across_the_limit_is_left_out_whole_instead_of_split() {
        String text = "abc" + GRINNING + "def";

        assertThat(SessionTitles.clip(text, 4)).isEqualTo("abc");
        assertThat(SessionTitles.clip(text, 5)).isEqualTo("abc" + GRINNING);
        assertThat(SessionTitles.clipWithEllipsis(text, 5)).isEqualTo("abc…");
        assertThat(SessionTitles.clipWithEllipsis(text, 6)).isEqualTo("abc" + GRINNING + "…");
    }

    @Test
    void an_emoji_at_the_boundary_of_an_80_char_title_leaves_no_lone_surrogate() {
        String text = "x".repeat(78) + GRINNING + " and more";

        String title = SessionTitles.clipWithEllipsis(text, 80);

        assertThat(title).isEqualTo("x".repeat(78) + "…").hasSizeLessThanOrEqualTo(80);
        assertThat(title.codePoints()).as("lone surrogates").noneMatch(c -> c >= 0xD800 && c <= 0xDFFF);
    }

    @Test
    void a_letter_keeps_its_combining_accent() {
        String text = "cafe\u0301s"; // "cafés" with a combining acute accent

        assertThat(SessionTitles.clip(text, 4)).isEqualTo("caf");
        assertThat(SessionTitles.clip(text, 5)).isEqualTo("cafe\u0301");
    }

    @Test
    void a_single_character_longer_than_the_limit_is_cut_but_never_inside_a_surrogate_pair() {
        String marks = "a" + "\u0301".repeat(10);
        assertThat(SessionTitles.clip(marks, 3)).isEqualTo("a\u0301\u0301");

        String emojiUnderMarks = GRINNING + "\u20DD".repeat(5);
        assertThat(SessionTitles.clip(emojiUnderMarks, 1)).isEmpty();
    }

    @Test
    void a_limit_below_one_is_a_programming_error() {
        assertThatThrownBy(() -> SessionTitles.clip("abc", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
