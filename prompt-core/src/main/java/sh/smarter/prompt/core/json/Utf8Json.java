package sh.smarter.prompt.core.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value's text in UTF-8, as an adapter wrote it once: kept so that whatever writes the same value again (the
 * prompt response repeats each request sent to the provider) copies these bytes instead of writing the value anew.
 * Immutable: the bytes are copied in and out.
 */
public final class Utf8Json {
    private final byte[] bytes;

    public Utf8Json(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Utf8Json that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
