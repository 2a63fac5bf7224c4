package sh.smarter.prompt.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void control_characters_and_line_separators_are_written_as_lower_case_unicode_escapes() {
        String text = "a\u0000b\u001fc\u2028d\u2029e\u000bf";

        String written = new JsonString(text).toJson();

        assertThat(written).isEqualTo("\"a\\u0000b\\u001fc\\u2028d\\u2029e\\u000bf\"");
        assertThat(Json.parse(written)).isEqualTo(new JsonString(text));
    }

    @Test
    void the_short_escapes_stay_short() {
        assertThat(new JsonString("\"\\\n\r\t\b\f").toJson()).isEqualTo("\"\\\"\\\\\\n\\r\\t\\b\\f\"");
    }
}
