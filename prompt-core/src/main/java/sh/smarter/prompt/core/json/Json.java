package sh.smarter.prompt.core.json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * An immutable JSON value. The core speaks JSON (tool arguments, tool schemas, plugin data, provider requests and
 * completions) but may depend on nothing but the JDK, so it carries this small model of its own; adapters convert
 * at their edge.
 */
public sealed interface Json permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBool, JsonNull {

    /** Compact JSON text. */
    default String toJson() {
        return JsonWriter.write(this);
    }

    static Json parse(String text) {
        return JsonParser.parse(text);
    }

    static JsonString of(String value) {
        return new JsonString(value);
    }

    static JsonNumber of(long value) {
        return JsonNumber.of(value);
    }

    static JsonNumber of(double value) {
        return JsonNumber.of(value);
    }

    static JsonBool of(boolean value) {
        return value ? JsonBool.TRUE : JsonBool.FALSE;
    }

    /** Null-safe conversion of a plain Java value (String, Number, Boolean, Map, List, Json, null). */
    static Json from(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Json json) {
            return json;
        }
        if (value instanceof String s) {
            return new JsonString(s);
        }
        if (value instanceof Boolean b) {
            return of(b);
        }
        if (value instanceof BigDecimal d) {
            return new JsonNumber(d);
        }
        if (value instanceof Double || value instanceof Float) {
            return JsonNumber.of(((Number) value).doubleValue());
        }
        if (value instanceof Number n) {
            return new JsonNumber(new BigDecimal(n.toString()));
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject.Builder builder = JsonObject.builder();
            map.forEach((k, v) -> builder.put(String.valueOf(k), from(v)));
            return builder.build();
        }
        if (value instanceof Iterable<?> items) {
            JsonArray.Builder builder = JsonArray.builder();
            items.forEach(item -> builder.add(from(item)));
            return builder.build();
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }

    default boolean isNull() {
        return this instanceof JsonNull;
    }

    /** This value as a plain Java value: String, BigDecimal, Boolean, Map, List or null. */
    Object toPlain();

    /** The text of a string value, or the JSON text of anything else. */
    default String asText() {
        return this instanceof JsonString s ? s.value() : toJson();
    }

    static List<Json> list(Json... values) {
        return List.of(values);
    }
}
