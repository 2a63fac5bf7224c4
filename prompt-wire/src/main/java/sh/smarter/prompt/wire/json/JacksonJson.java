package sh.smarter.prompt.wire.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonBool;
import sh.smarter.prompt.core.json.JsonNull;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;

/**
 * The one bridge between Jackson trees and the core's JSON model, used by every adapter at its edge (the core
 * depends on the JDK only, so it cannot know Jackson). Numbers stay exact (BigDecimal), member order is kept.
 */
public final class JacksonJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder(virtualThreadFriendlyFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Characters outside the BMP stay UTF-8 sequences, as the core's own text has them, not escaped pairs. */
    private static final ObjectWriter UTF8 = MAPPER.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private JacksonJson() {
    }

    /**
     * A JSON factory whose parsers and generators take their buffers from one pool shared by every thread. Jackson's
     * default keeps a set of buffers per thread, and the server runs every request on a virtual thread of its own:
     * each request then allocated its buffers anew (tens of KB), and kept them for as long as it waited at the
     * provider.
     */
    public static JsonFactory virtualThreadFriendlyFactory() {
        return JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
    }

    /** Parses JSON text; throws {@link MalformedJsonException} when it is not one JSON value. */
    public static Json parse(String text) {
        try {
            return toCore(present(MAPPER.readTree(text)));
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(e.getOriginalMessage(), e);
        }
    }

    /** Parses UTF-8 (or BOM-marked) JSON bytes; throws {@link MalformedJsonException} when malformed. */
    public static Json parse(byte[] bytes) {
        try {
            return toCore(present(MAPPER.readTree(bytes)));
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedJsonException(e.getMessage(), e);
        }
    }

    /**
     * The core's JSON as UTF-8 bytes, written straight from the value: the same JSON as {@code value.toJson()}
     * without a Java String in between (a request body of tens of KB with one emoji is a UTF-16 String, copied
     * several times on its way to bytes).
     */
    public static byte[] utf8(Json value) {
        try {
            return UTF8.writeValueAsBytes(new POJONode(new Written(value, true)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a core JSON value always serialises", e);
        }
    }

    /** Parses a JSON object; throws {@link MalformedJsonException} for anything else. */
    public static JsonObject parseObject(byte[] bytes) {
        return object(parse(bytes));
    }

    public static JsonObject parseObject(String text) {
        return object(parse(text));
    }

    /** A Jackson tree as the core's JSON; a missing or null node is JSON null. */
    public static Json toCore(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return JsonNull.INSTANCE;
        }
        if (node.isObject()) {
            JsonObject.Builder object = JsonObject.builder();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                object.put(field.getKey(), toCore(field.getValue()));
            }
            return object.build();
        }
        if (node.isArray()) {
            JsonArray.Builder array = JsonArray.builder();
            node.forEach(item -> array.add(toCore(item)));
            return array.build();
        }
        if (node.isNumber()) {
            if (node.isDouble() || node.isFloat()) {
                // JSON has no NaN or infinity; YAML does, and they are kept as the text they were.
                double value = node.doubleValue();
                return Double.isFinite(value) ? JsonNumber.of(value) : new JsonString(Double.toString(value));
            }
            return new JsonNumber(node.decimalValue());
        }
        if (node.isBoolean()) {
            return Json.of(node.booleanValue());
        }
        return new JsonString(node.asText());
    }

    /** The core's JSON as a Jackson tree; whole numbers become integers (3.0 is written 3), others stay exact. */
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
            return fitsLong(n)
                    ? NODES.numberNode(n.value().longValueExact())
                    : NODES.numberNode(n.value());
        }
        if (value instanceof JsonBool b) {
            return NODES.booleanNode(b.value());
        }
        return NODES.nullNode();
    }

    /**
     * The core's JSON as a leaf of a Jackson tree, written straight from the core value whenever the tree is
     * written (by any mapper), never copied into Jackson nodes first: for large values placed in a response once
     * or several times, such as a turn's provider exchanges. Writes exactly what {@link #toNode} would; the leaf
     * can be written, not navigated.
     */
    public static JsonNode written(Json value) {
        return new POJONode(new Written(value, false));
    }

    /** @param coreNumbers numbers as the core writes them (0.0 stays 0.0), not as {@link #toNode} makes them */
    private record Written(Json value, boolean coreNumbers) implements JsonSerializable {
        @Override
        public void serialize(JsonGenerator generator, SerializerProvider serializers) throws IOException {
            write(value, generator, coreNumbers);
        }

        @Override
        public void serializeWithType(JsonGenerator generator, SerializerProvider serializers,
                                      TypeSerializer typeSerializer) throws IOException {
            write(value, generator, coreNumbers);
        }
    }

    private static void write(Json value, JsonGenerator generator, boolean coreNumbers) throws IOException {
        if (value instanceof JsonObject o) {
            generator.writeStartObject();
            for (Map.Entry<String, Json> member : o.members().entrySet()) {
                generator.writeFieldName(member.getKey());
                write(member.getValue(), generator, coreNumbers);
            }
            generator.writeEndObject();
        } else if (value instanceof JsonArray a) {
            generator.writeStartArray();
            for (Json item : a.items()) {
                write(item, generator, coreNumbers);
            }
            generator.writeEndArray();
        } else if (value instanceof JsonString s) {
            Utf8JsonStrings.write(generator, s.value());
        } else if (value instanceof JsonNumber n) {
            if (coreNumbers) {
                generator.writeNumber(n.toJson());
            } else if (fitsLong(n)) {
                generator.writeNumber(n.value().longValueExact());
            } else {
                generator.writeNumber(n.value());
            }
        } else if (value instanceof JsonBool b) {
            generator.writeBoolean(b.value());
        } else {
            generator.writeNull();
        }
    }

    private static boolean fitsLong(JsonNumber n) {
        return n.isIntegral() && n.value().abs().compareTo(LONG_MAX) < 0;
    }

    /** An empty document reads as a missing node: that is not JSON. */
    private static JsonNode present(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new MalformedJsonException("no JSON value", null);
        }
        return node;
    }

    private static JsonObject object(Json json) {
        if (json instanceof JsonObject object) {
            return object;
        }
        throw new MalformedJsonException("expected a JSON object", null);
    }

    /** The text could not be read as the JSON expected. */
    public static final class MalformedJsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public MalformedJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
