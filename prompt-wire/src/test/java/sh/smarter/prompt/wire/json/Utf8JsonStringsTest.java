package sh.smarter.prompt.wire.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Jackson is the oracle: every string must come out byte for byte as Jackson's own methods write it. */
class Utf8JsonStringsTest {
    private static final JsonFactory COMBINING = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    private static final JsonFactory PLAIN = JsonFactory.builder().build();
    private static final JsonFactory ASCII_ONLY = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();
    /** Characters each writer treats differently: ASCII, Latin-1, BMP, escapes, separators and surrogates. */
    private static final char[] PARTS = {'a', 'Z', ' ', '/', '<', '\u007f', '\u00fc', '\u00e9', '\u20ac', '\u4e2d',
        '"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u0001', '\u001f', '\u2028', '\u2029', '\ud83d',
        '\ude00', '\ufffd'};

    @Test
    void strings_are_written_exactly_as_jackson_writes_them_with_and_without_combined_surrogates()
            throws IOException {
        for (JsonFactory factory : List.of(COMBINING, PLAIN, ASCII_ONLY)) {
            for (String text : samples()) {
                assertThat(written(factory, text, true)).as(describe(text))
                        .isEqualTo(written(factory, text, false));
            }
        }
    }

    @Test
    void plain_text_goes_out_as_its_utf8_bytes_between_quotes() throws IOException {
        String text = "Z\u00fcrich opens at 9:00 \ud83d\ude00 \u4e2d";

        assertThat(written(COMBINING, text, true))
                .isEqualTo(("[\"" + text + "\"]").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_writer_of_characters_gets_the_same_text() throws IOException {
        for (String text : samples()) {
            StringWriter fast = new StringWriter();
            try (JsonGenerator generator = PLAIN.createGenerator(fast)) {
                Utf8JsonStrings.write(generator, text);
            }
            StringWriter jackson = new StringWriter();
            try (JsonGenerator generator = PLAIN.createGenerator(jackson)) {
                generator.writeString(text);
            }
            assertThat(fast.toString()).as(describe(text)).isEqualTo(jackson.toString());
        }
    }

    @Test
    void utf8_documents_are_escaped_exactly_as_jackson_escapes_them() throws IOException {
        List<byte[]> documents = new ArrayList<>();
        byte[] everyAsciiByte = new byte[128];
        for (int b = 0; b < 128; b++) {
            everyAsciiByte[b] = (byte) b;
        }
        documents.add(everyAsciiByte);
        documents.add(new byte[0]);
        // Escapes that outgrow the first buffer: every byte a control character, or a quote.
        documents.add("\u0001".repeat(5_000).getBytes(StandardCharsets.UTF_8));
        documents.add("\"".repeat(5_000).getBytes(StandardCharsets.UTF_8));
        documents.add(("x".repeat(3_000) + "\u001f\"").repeat(3).getBytes(StandardCharsets.UTF_8));
        documents.add("{\"body\":\"Z\u00fcrich \\\"quoted\\\"\\n\",\"n\":[1,2.5,null]} \ud83d\ude00"
                .getBytes(StandardCharsets.UTF_8));
        for (String text : samples()) {
            documents.add(text.getBytes(StandardCharsets.UTF_8));
        }
        for (JsonFactory factory : List.of(COMBINING, PLAIN, ASCII_ONLY)) {
            for (byte[] document : documents) {
                assertThat(escaped(factory, document, true)).as(describe(new String(document,
                        StandardCharsets.UTF_8))).isEqualTo(escaped(factory, document, false));
            }
        }
    }

    @Test
    void a_document_with_nothing_to_escape_is_not_copied() {
        byte[] document = "plain text, \u00fc and \ud83d\ude00".getBytes(StandardCharsets.UTF_8);

        assertThat(Utf8JsonStrings.escaped(document).bytes()).isSameAs(document);
    }

    /** Every part alone, at both ends of longer text, and random mixes of them (a fixed seed, so reproducible). */
    private static List<String> samples() {
        List<String> samples = new ArrayList<>(List.of("", "plain ASCII text", "\ud83d\ude00", "a\ud83d",
                "\ude00a", "\ud83d\ud83d\ude00", "x".repeat(10_000) + "\u00fc\ud83d\ude00"));
        for (char part : PARTS) {
            samples.add(String.valueOf(part));
            samples.add(part + " the Z\u00fcrich store " + part);
        }
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                text.append(PARTS[random.nextInt(PARTS.length)]);
            }
            samples.add(text.toString());
        }
        return samples;
    }

    private static byte[] written(JsonFactory factory, String text, boolean fast) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.writeStartArray();
            if (fast) {
                Utf8JsonStrings.write(generator, text);
            } else {
                generator.writeString(text);
            }
            generator.writeEndArray();
        }
        return out.toByteArray();
    }

    private static byte[] escaped(JsonFactory factory, byte[] utf8, boolean fast) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = factory.createGenerator(out)) {
            if (fast) {
                Utf8JsonStrings.writeEscaped(generator, utf8);
            } else {
                generator.writeUTF8String(utf8, 0, utf8.length);
            }
        }
        return out.toByteArray();
    }

    private static String describe(String text) {
        StringBuilder codes = new StringBuilder();
        text.chars().limit(60).forEach(c -> codes.append(String.format("%04x ", c)));
        return codes.toString();
    }
}
