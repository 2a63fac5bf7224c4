package sh.smarter.prompt.http.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonBool;
import sh.smarter.prompt.core.json.JsonNull;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;

/** Jackson at the HTTP edge, and the conversion between Jackson trees and the core's JSON values. */
public final class JsonBridge {
    /** Deep enough for any honest request; hostile nesting fails fast instead of exhausting the stack. */
    public static final int MAX_NESTING = 200;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .build());
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private JsonBridge() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static JsonNode toNode(Json value) {
        if (value instanceof JsonObject o) {
            ObjectNode node = NODES.objectNode();
            o.members().forEach((k, v) -> node.set(k, toNode(v)));
            return node;
        }
        if (value instanceof JsonArray a) {
            ArrayNode node = NODES.arrayNode();
            a.items().forEach(item -> node.add(toNode(item)));
            return node;
        }
        if (value instanceof JsonString s) {
            return NODES.textNode(s.value());
        }
        if (value instanceof JsonNumber n) {
            return n.isIntegral() && n.value().abs().compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                    ? NODES.numberNode(n.value().longValueExact())
                    : NODES.numberNode(n.value());
        }
        if (value instanceof JsonBool b) {
            return NODES.booleanNode(b.value());
        }
        return NODES.nullNode();
    }

    public static Json fromNode(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return JsonNull.INSTANCE;
        }
        if (node.isObject()) {
            JsonObject.Builder builder = JsonObject.builder();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                builder.put(field.getKey(), fromNode(field.getValue()));
            }
            return builder.build();
        }
        if (node.isArray()) {
            JsonArray.Builder builder = JsonArray.builder();
            node.forEach(item -> builder.add(fromNode(item)));
            return builder.build();
        }
        if (node.isTextual()) {
            return new JsonString(node.textValue());
        }
        if (node.isNumber()) {
            return new JsonNumber(node.decimalValue());
        }
        if (node.isBoolean()) {
            return Json.of(node.booleanValue());
        }
        return new JsonString(node.asText());
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
