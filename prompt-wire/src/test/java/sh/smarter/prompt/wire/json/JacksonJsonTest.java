package sh.smarter.prompt.wire.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonNull;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.wire.json.JacksonJson.MalformedJsonException;

class JacksonJsonTest {
    private static final ObjectMapper PLAIN = JsonMapper.builder().build();

    @Test
    void parsing_keeps_member_order_and_exact_numbers() {
        JsonObject parsed = JacksonJson.parseObject("{\"z\":1,\"a\":0.10,\"big\":123456789012345678901234567890,"
                + "\"list\":[true,null,\"x\"]}");

        assertThat(parsed.members().keySet()).containsExactly("z", "a", "big", "list");
        assertThat(((JsonNumber) parsed.get("a")).value()).isEqualByComparingTo(new BigDecimal("0.10"));
        assertThat(((JsonNumber) parsed.get("big")).value())
                .isEqualTo(new BigDecimal("123456789012345678901234567890"));
        assertThat(parsed.get("list").toJson()).isEqualTo("[true,null,\"x\"]");
    }

    @Test
    void bytes_parse_like_text() {
        String text = "{\"greeting\":\"grüezi\"}";

        assertThat(JacksonJson.parseObject(text.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(JacksonJson.parseObject(text));
    }

    @Test
    void a_chat_request_written_to_utf8_is_the_very_text_the_core_writes() {
        JsonObject request = JacksonJson.parseObject("{\"model\":\"gpt-4o-mini\",\"temperature\":0.0,"
                + "\"top_p\":0.5,\"max_completion_tokens\":2048,\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\\n"
                + "Today is 6 Dec.\"},{\"role\":\"user\",\"content\":\"Z\u00fcrich \\\"store\\\" \\\\ \\t \\u0001"
                + " \ud83d\ude00 </b>\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{}}}}],\"stream\":false,\"stop\":null}");

        assertThat(new String(JacksonJson.utf8(request), StandardCharsets.UTF_8)).isEqualTo(request.toJson());
    }

    @Test
    void text_that_is_not_one_json_value_is_refused_with_a_reason() {
        for (String bad : List.of("", "   ", "{\"a\":", "{} {}", "nope")) {
            assertThatThrownBy(() -> JacksonJson.parse(bad)).as(bad).isInstanceOf(MalformedJsonException.class)
                    .message().isNotBlank();
        }
        assertThatThrownBy(() -> JacksonJson.parseObject("[1]")).isInstanceOf(MalformedJsonException.class)
                .hasMessage("expected a JSON object");
    }

    @Test
    void a_jackson_tree_converts_to_the_core_and_back_to_an_equal_tree() throws Exception {
        JsonNode tree = PLAIN.readTree("{\"s\":\"x\",\"n\":42,\"f\":0.5,\"b\":false,\"nil\":null,"
                + "\"nested\":{\"list\":[1,[2],{}]}}");

        Json core = JacksonJson.toCore(tree);

        assertThat(core.toJson()).isEqualTo(
                "{\"s\":\"x\",\"n\":42,\"f\":0.5,\"b\":false,\"nil\":null,\"nested\":{\"list\":[1,[2],{}]}}");
        assertThat(PLAIN.writeValueAsString(JacksonJson.toNode(core))).isEqualTo(PLAIN.writeValueAsString(tree));
    }

    @Test
    void a_missing_or_null_node_is_json_null() {
        assertThat(JacksonJson.toCore(null)).isEqualTo(JsonNull.INSTANCE);
        assertThat(JacksonJson.toCore(PLAIN.missingNode())).isEqualTo(JsonNull.INSTANCE);
        assertThat(JacksonJson.toCore(PLAIN.nullNode())).isEqualTo(JsonNull.INSTANCE);
    }

    @Test
    void a_non_finite_double_from_yaml_stays_the_text_it_was() {
        assertThat(JacksonJson.toCore(PLAIN.getNodeFactory().numberNode(Double.POSITIVE_INFINITY)))
                .isEqualTo(new JsonString("Infinity"));
    }

    @Test
    void whole_numbers_are_written_as_integers_and_fractions_exactly() throws Exception {
        JsonObject core = JsonObject.builder().put("whole", new JsonNumber(new BigDecimal("3.0")))
                .put("fraction", new JsonNumber(new BigDecimal("0.10")))
                .put("huge", new JsonNumber(new BigDecimal("1E+30"))).build();

        String written = PLAIN.writeValueAsString(JacksonJson.toNode(core));

        assertThat(written).startsWith("{\"whole\":3,\"fraction\":0.10,\"huge\":");
        assertThat(new BigDecimal(PLAIN.readTree(written).get("huge").asText()))
                .isEqualByComparingTo(new BigDecimal("1E+30"));
    }

    @Test
    void a_core_value_written_in_place_writes_the_same_text_as_its_copy_into_jackson_nodes() throws Exception {
        Json value = JacksonJson.parse("{\"numbers\": [0, -7, 9223372036854775807, 9223372036854775808,"
                + " 123456789012345678901, 2.50, 1e3, 1.5E-7, 0.1, 100.0], \"text\": \"é \\u2028 \\\" < \\n"
                + " \\ud83d\\ude00\", \"flags\": [true, false, null], \"nested\": {\"empty\": {}, \"list\": [[]]}}");

        String written = PLAIN.writeValueAsString(JacksonJson.written(value));

        assertThat(written).isEqualTo(PLAIN.writeValueAsString(JacksonJson.toNode(value)));
        assertThat(JacksonJson.parse(written)).isEqualTo(value);
    }

    @Test
    void a_tree_holding_a_core_value_writes_it_in_place_even_through_to_string() {
        var tree = JsonMapper.builder().build().createObjectNode().put("before", 1);
        tree.set("value", JacksonJson.written(JacksonJson.parse("{\"a\": [1, \"two\"]}")));

        assertThat(tree.toString()).isEqualTo("{\"before\":1,\"value\":{\"a\":[1,\"two\"]}}");
    }
}
