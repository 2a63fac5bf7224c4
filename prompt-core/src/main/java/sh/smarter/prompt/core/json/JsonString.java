package sh.smarter.prompt.core.json;

import java.util.Objects;

public record JsonString(String value) implements Json {
    public JsonString {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public Object toPlain() {
        return value;
    }

    @Override
    public String toString() {
        return toJson();
    }
}
