package sh.smarter.prompt.core.json;

public enum JsonNull implements Json {
    INSTANCE;

    @Override
    public Object toPlain() {
        return null;
    }

    @Override
    public String toString() {
        return "null";
    }
}
