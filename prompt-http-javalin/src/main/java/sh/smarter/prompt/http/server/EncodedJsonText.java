package sh.smarter.prompt.http.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import sh.smarter.prompt.wire.json.Utf8JsonStrings;

/**
 * A JSON string whose text is a JSON document, kept as that document's UTF-8 bytes: the prompt response's
 * {@code body} is one. Writing it to bytes escapes the bytes as they go, so the document is never a Java String;
 * for a 40 KB answer with one character outside Latin-1 that String cost more than the rest of the write.
 * {@link Utf8JsonStrings#writeEscaped} escapes the bytes the way Jackson would, in a fraction of its time.
 */
final class EncodedJsonText extends ValueNode {
    private static final long serialVersionUID = 1L;

    private final byte[] utf8;

    EncodedJsonText(byte[] utf8) {
        this.utf8 = utf8;
    }

    @Override
    public JsonToken asToken() {
        return JsonToken.VALUE_STRING;
    }

    @Override
    public JsonNodeType getNodeType() {
        return JsonNodeType.STRING;
    }

    @Override
    public String textValue() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String asText() {
        return textValue();
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
        if (generator instanceof UTF8JsonGenerator) {
            Utf8JsonStrings.writeEscaped(generator, utf8);
        } else {
            // A generator that writes characters (writeValueAsString) cannot take UTF-8 bytes.
            generator.writeString(textValue());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonNode node && node.isTextual() && textValue().equals(node.textValue());
    }

    @Override
    public int hashCode() {
        return textValue().hashCode();
    }
}
