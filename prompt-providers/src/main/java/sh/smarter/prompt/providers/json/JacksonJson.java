package sh.smarter.prompt.providers.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Map;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonNull;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;

/**
 * Parses JSON received from the outside with Jackson and converts it into the core's JSON model at the adapter's
 * edge. Numbers stay exact (BigDecimal), member order is kept.
 */
public final class JacksonJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JacksonJson() {
    }

    /** Parses JSON text; throws {@link MalformedJsonException} when it is not one JSON value. */
    public static Json parse(String text) {
        try {
            return toCore(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(e.getOriginalMessage(), e);
        }
    }

    /** Parses UTF-8 (or BOM-marked) JSON bytes; throws {@link MalformedJsonException} when malformed. */
    public static Json parse(byte[] bytes) {
        try {
            return toCore(MAPPER.readTree(bytes));
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedJsonException(e.getMessage(), e);
        }
    }

    /** Parses a JSON object; throws {@link MalformedJsonException} for anything else. */
    public static JsonObject parseObject(byte[] bytes) {
        Json json = parse(bytes);
        if (json instanceof JsonObject object) {
            return object;
        }
        throw new MalformedJsonException("expected a JSON object", null);
    }

    public static JsonObject parseObject(String text) {
        Json json = parse(text);
        if (json instanceof JsonObject object) {
            return object;
        }
        throw new MalformedJsonException("expected a JSON object", null);
    }

    static Json toCore(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            // An empty document reads as a missing node: that is not JSON.
            if (node == null || node.isMissingNode()) {
                throw new MalformedJsonException("no JSON value", null);
            }
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

    /** The text could not be read as the JSON expected. */
    public static final class MalformedJsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public MalformedJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
