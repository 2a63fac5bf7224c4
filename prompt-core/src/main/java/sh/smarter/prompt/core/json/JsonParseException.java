package sh.smarter.prompt.core.json;

/** Malformed JSON text; the message says what was wrong and where. */
public final class JsonParseException extends IllegalArgumentException {
    private final int offset;

    public JsonParseException(String message, int offset) {
        super(message + " at offset " + offset);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
