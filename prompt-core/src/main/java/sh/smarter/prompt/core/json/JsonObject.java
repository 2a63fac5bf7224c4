package sh.smarter.prompt.core.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A JSON object that keeps its members in insertion order. */
public record JsonObject(Map<String, Json> members) implements Json {
    public static final JsonObject EMPTY = new JsonObject(Map.of());

    public JsonObject {
        Objects.requireNonNull(members, "members");
        // Map.copyOf loses order, and order matters for the exact request bodies we record.
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.members.putAll(members);
        return builder;
    }

    public Set<String> keys() {
        return members.keySet();
    }

    public boolean has(String key) {
        return members.containsKey(key);
    }

    public int size() {
        return members.size();
    }

    /** The member, or JSON null when absent. */
    public Json get(String key) {
        return members.getOrDefault(key, JsonNull.INSTANCE);
    }

    public Optional<String> string(String key) {
        return get(key) instanceof JsonString s ? Optional.of(s.value()) : Optional.empty();
    }

    public Optional<JsonNumber> number(String key) {
        return get(key) instanceof JsonNumber n ? Optional.of(n) : Optional.empty();
    }

    public Optional<Boolean> bool(String key) {
        return get(key) instanceof JsonBool b ? Optional.of(b.value()) : Optional.empty();
    }

    public Optional<JsonObject> object(String key) {
        return get(key) instanceof JsonObject o ? Optional.of(o) : Optional.empty();
    }

    public Optional<JsonArray> array(String key) {
        return get(key) instanceof JsonArray a ? Optional.of(a) : Optional.empty();
    }

    /** A copy without the given keys. */
    public JsonObject without(String... keys) {
        Builder builder = toBuilder();
        for (String key : keys) {
            builder.members.remove(key);
        }
        return builder.build();
    }

    @Override
    public Object toPlain() {
        Map<String, Object> plain = new LinkedHashMap<>();
        members.forEach((k, v) -> plain.put(k, v.toPlain()));
        return plain;
    }

    @Override
    public String toString() {
        return toJson();
    }

    public static final class Builder {
        private final LinkedHashMap<String, Json> members = new LinkedHashMap<>();

        public Builder put(String key, Json value) {
            members.put(Objects.requireNonNull(key, "key"), value == null ? JsonNull.INSTANCE : value);
            return this;
        }

        public Builder put(String key, String value) {
            return put(key, value == null ? JsonNull.INSTANCE : new JsonString(value));
        }

        public Builder put(String key, long value) {
            return put(key, JsonNumber.of(value));
        }

        public Builder put(String key, double value) {
            return put(key, JsonNumber.of(value));
        }

        public Builder put(String key, boolean value) {
            return put(key, Json.of(value));
        }

        /** Puts the value only when it is not null, for bodies where absent and null differ. */
        public Builder putIfNotNull(String key, Object value) {
            if (value != null) {
                put(key, Json.from(value));
            }
            return this;
        }

        public Builder remove(String key) {
            members.remove(key);
            return this;
        }

        public JsonObject build() {
            return new JsonObject(members);
        }
    }
}
