package sh.smarter.prompt.core.json;

public record JsonBool(boolean value) implements Json {
    public static final JsonBool TRUE = new JsonBool(true);
    public static final JsonBool FALSE = new JsonBool(false);

    @Override
    public Object toPlain() {
        return value;
    }

    @Override
    public String toString() {
        return toJson();
    }
}
