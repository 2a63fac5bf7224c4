package sh.smarter.prompt.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void key_shapes_bearer_tokens_and_password_parameters_are_masked() {
        assertThat(Redaction.scrub("created spk_0123456789abcdef0123 for ci")).isEqualTo("created spk_**** for ci");
        assertThat(Redaction.scrub("key sk-proj-abcdefghijklmnop")).isEqualTo("key sk-****");
        assertThat(Redaction.scrub("Authorization: Bearer abcdefghijkl")).isEqualTo("Authorization: Bearer ****");
        assertThat(Redaction.scrub("jdbc:mysql://db/prompt?user=p&password=s3cret&x=1"))
                .isEqualTo("jdbc:mysql://db/prompt?user=p&password=****&x=1");
        assertThat(Redaction.scrub("jdbc:mysql://prompt:s3cret@db:3306/prompt"))
                .isEqualTo("jdbc:mysql://prompt:****@db:3306/prompt");
    }

    @Test
    void tokens_are_found_in_any_letter_case_and_at_either_end_of_the_text() {
        assertThat(Redaction.scrub("BEARER abcdefghijkl")).isEqualTo("BEARER ****");
        assertThat(Redaction.scrub("header tOkEn abcdefghijkl")).isEqualTo("header tOkEn ****");
        assertThat(Redaction.scrub("PASSWORD=hunter22")).isEqualTo("PASSWORD=****");
        assertThat(Redaction.scrub("sk-abcdefghijkl")).isEqualTo("sk-****");
    }

    @Test
    void registered_secrets_are_masked_wherever_they_appear() {
        Redaction.register("correct-horse-battery");
        assertThat(Redaction.scrub("login failed for correct-horse-battery")).isEqualTo("login failed for ****tery");
    }

    @Test
    void ordinary_text_is_left_alone() {
        assertThat(Redaction.scrub("GET /api/v2/chatbots/example/sessions -> 200 in 3 ms"))
                .isEqualTo("GET /api/v2/chatbots/example/sessions -> 200 in 3 ms");
    }
}
