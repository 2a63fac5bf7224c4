package sh.smarter.prompt.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class EncodedJsonTextTest {
    /** Quotes, backslashes, control characters, Latin-1, a character outside the BMP and an HTML tag. */
    private static final String AWKWARD = "\"Zürich\" \\ tab\there\nline 😀 </script> \u0001 \u2028";

    @Test
    void a_document_as_a_json_string_is_written_as_the_same_string_as_its_text_in_a_text_node() throws Exception {
        ObjectNode document = HttpJson.object().put("content", AWKWARD);
        document.putArray("list").add(1).add(AWKWARD);

        ObjectNode encoded = HttpJson.object().set("body", HttpJson.asJsonString(document));
        ObjectNode asText = HttpJson.object().set("body", TextNode.valueOf(HttpJson.write(document)));

        // The same string, character for character, whether written to bytes or to a String; only the envelope's
        // escaping of the emoji may differ (a raw UTF-8 sequence instead of a surrogate pair escape).
        String expected = HttpJson.write(document);
        assertThat(HttpJson.MAPPER.readTree(HttpJson.writeBytes(encoded)).get("body").textValue()).isEqualTo(expected);
        assertThat(HttpJson.MAPPER.readTree(HttpJson.write(encoded)).get("body").textValue()).isEqualTo(expected);
        assertThat(HttpJson.MAPPER.readTree(HttpJson.writeBytes(encoded)))
                .isEqualTo(HttpJson.MAPPER.readTree(HttpJson.writeBytes(asText)));
    }

    @Test
    void it_reads_as_the_string_it_holds() throws Exception {
        ObjectNode document = HttpJson.object().put("content", AWKWARD);
        JsonNode encoded = HttpJson.asJsonString(document);

        assertThat(encoded.isTextual()).isTrue();
        assertThat(HttpJson.MAPPER.readTree(encoded.textValue())).isEqualTo(document);
        assertThat(encoded).isEqualTo(TextNode.valueOf(HttpJson.write(document)));
    }
}
