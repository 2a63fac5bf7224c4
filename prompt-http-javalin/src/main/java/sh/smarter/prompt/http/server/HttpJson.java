package sh.smarter.prompt.http.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import sh.smarter.prompt.wire.json.JacksonJson;

/**
 * Jackson at the HTTP edge: the request mapper (nesting capped) and new response trees. Conversion to and from the
 * core's JSON is {@code sh.smarter.prompt.wire.json.JacksonJson}, shared with the other adapters.
 */
public final class HttpJson {
    /** Deep enough for any honest request; hostile nesting fails fast instead of exhausting the stack. */
    public static final int MAX_NESTING = 200;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JacksonJson.virtualThreadFriendlyFactory())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .build());
    }

    private static final ObjectWriter DOCUMENT_TEXT = MAPPER.writer()
            .with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private HttpJson() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * A JSON string holding {@code node}'s JSON text (the prompt response's {@code body}), written once as UTF-8 and
     * escaped when the response is written, with no String in between.
     */
    public static JsonNode asJsonString(JsonNode node) {
        try {
            // Characters outside the BMP stay characters in the text, as they would in a String.
            return new EncodedJsonText(DOCUMENT_TEXT.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * {@code node} written now, once, by the writer of {@link #asJsonString}'s documents, for a tree that holds it in
     * several places: each place copies the bytes. The result can be written, not navigated.
     */
    public static JsonNode writtenOnce(JsonNode node) {
        try {
            return new WrittenOnceJson(DOCUMENT_TEXT.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * JSON text already written (UTF-8), placed in a tree as it is: writing the tree copies the bytes. The caller
     * vouches that they are one JSON value. The result can be written, not navigated.
     */
    public static JsonNode copied(byte[] utf8) {
        return new WrittenOnceJson(utf8);
    }

    /** The tree as UTF-8 bytes: what a response sends, without a String in between. */
    public static byte[] writeBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
