package sh.smarter.prompt.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class WrittenOnceJsonTest {
    /** Quotes, backslashes, control characters, Latin-1, a character outside the BMP and an HTML tag. */
    private static final String AWKWARD = "\"Zürich\" \\ tab\there\nline 😀 </script> \u0001 \u2028";

    private static ObjectNode round() {
        ObjectNode round = HttpJson.object();
        round.putObject("request").put("model", "m").putArray("messages").addObject().put("content", AWKWARD);
        round.putNull("response");
        round.put("number", 1.50);
        return round;
    }

    /** The same tree holding {@code value} once as a member and twice in a list. */
    private static ObjectNode holding(JsonNode value) {
        ObjectNode tree = HttpJson.object().put("before", AWKWARD);
        tree.set("first", value);
        tree.putArray("all").add(value).add(value);
        return tree.put("after", 2);
    }

    @Test
    void every_place_that_holds_it_reads_back_as_the_value_itself() throws Exception {
        JsonNode expected = HttpJson.MAPPER.readTree(HttpJson.writeBytes(holding(round())));
        ObjectNode tree = holding(HttpJson.writtenOnce(round()));

        assertThat(HttpJson.MAPPER.readTree(HttpJson.writeBytes(tree))).isEqualTo(expected);
        assertThat(HttpJson.MAPPER.readTree(HttpJson.write(tree))).as("written as characters").isEqualTo(expected);
    }

    @Test
    void inside_a_document_encoded_as_a_string_it_reads_back_as_the_value_itself() throws Exception {
        ObjectNode envelope = HttpJson.object();
        envelope.set("body", HttpJson.asJsonString(holding(HttpJson.writtenOnce(round()))));

        JsonNode body = HttpJson.MAPPER.readTree(HttpJson.writeBytes(envelope)).get("body");

        assertThat(HttpJson.MAPPER.readTree(body.textValue()))
                .isEqualTo(HttpJson.MAPPER.readTree(HttpJson.writeBytes(holding(round()))));
    }
}
