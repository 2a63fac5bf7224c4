package sh.smarter.prompt.http.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value written to UTF-8 once and copied as it is wherever a tree holds it: a prompt response holds each of
 * its first two provider rounds twice ({@code first_iteration} or {@code second_iteration}, and {@code iterations}),
 * and a round carries the whole context window. It can be written, not navigated.
 */
final class WrittenOnceJson extends ValueNode {
    private static final long serialVersionUID = 1L;

    private final byte[] utf8;

    WrittenOnceJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    @Override
    public JsonToken asToken() {
        return JsonToken.VALUE_EMBEDDED_OBJECT;
    }

    @Override
    public JsonNodeType getNodeType() {
        return JsonNodeType.POJO;
    }

    @Override
    public String asText() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
        if (generator instanceof UTF8JsonGenerator) {
            generator.writeRawValue(new Utf8Text(utf8));
        } else {
            // A generator that writes characters (writeValueAsString) cannot take UTF-8 bytes.
            generator.writeRawValue(asText());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WrittenOnceJson written && Arrays.equals(utf8, written.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    /**
     * The bytes as Jackson's raw text: a UTF-8 generator asks only for the unquoted UTF-8 forms, which are the bytes;
     * the other forms go through the text.
     */
    private record Utf8Text(byte[] utf8) implements SerializableString {
        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1;
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (buffer.remaining() < utf8.length) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            return text().appendUnquoted(buffer, offset);
        }

        @Override
        public char[] asQuotedChars() {
            return text().asQuotedChars();
        }

        @Override
        public byte[] asQuotedUTF8() {
            return text().asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return text().appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return text().appendQuoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return text().writeQuotedUTF8(out);
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            return text().putQuotedUTF8(buffer);
        }

        private SerializedString text() {
            return new SerializedString(getValue());
        }
    }
}
