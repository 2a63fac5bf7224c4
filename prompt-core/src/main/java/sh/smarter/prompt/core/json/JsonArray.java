package sh.smarter.prompt.core.json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

public record JsonArray(List<Json> items) implements Json, Iterable<Json> {
    public static final JsonArray EMPTY = new JsonArray(List.of());

    public JsonArray {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    public static JsonArray of(Json... items) {
        return new JsonArray(List.of(items));
    }

    public static JsonArray ofStrings(Collection<String> values) {
        return new JsonArray(values.stream().map(v -> (Json) new JsonString(v)).toList());
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public Json get(int index) {
        return items.get(index);
    }

    public Stream<Json> stream() {
        return items.stream();
    }

    @Override
    public Iterator<Json> iterator() {
        return items.iterator();
    }

    @Override
    public Object toPlain() {
        List<Object> plain = new ArrayList<>(items.size());
        for (Json item : items) {
            plain.add(item.toPlain());
        }
        return plain;
    }

    @Override
    public String toString() {
        return toJson();
    }

    public static final class Builder {
        private final List<Json> items = new ArrayList<>();

        public Builder add(Json value) {
            items.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder add(String value) {
            return add(value == null ? JsonNull.INSTANCE : new JsonString(value));
        }

        public JsonArray build() {
            return new JsonArray(items);
        }
    }
}
