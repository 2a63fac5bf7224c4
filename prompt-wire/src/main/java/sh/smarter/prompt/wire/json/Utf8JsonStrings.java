package sh.smarter.prompt.wire.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON strings written to UTF-8 output by the JDK's encoder instead of Jackson's character loop: the same bytes,
 * several times faster. Jackson encodes a String one char at a time, slowest for text outside Latin-1 (an accent or
 * an emoji makes the whole String UTF-16), and the turn's provider request and prompt response are mostly such
 * text: together they were a fifth of the server's CPU at saturation.
 */
public final class Utf8JsonStrings {
    /**
     * What Jackson writes for each byte value: 0 as is (every byte of a multi-byte sequence among them), {@code u}
     * as {@code \}{@code u00XX}, else a backslash and this character.
     */
    private static final byte[] ESCAPES = new byte[256];
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** The most bytes one input byte becomes ({@code \}{@code u00XX}). */
    private static final int WIDEST_ESCAPE = 6;

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    private Utf8JsonStrings() {
    }

    /**
     * Writes {@code text} as a JSON string: text that no JSON writer escapes goes out as its UTF-8 bytes; anything
     * else (a quote, a backslash, a control character, a lone surrogate, or any surrogate pair for a generator
     * that escapes them) is left to Jackson, so the
     * output is byte for byte what {@code generator.writeString} writes.
     */
    public static void write(JsonGenerator generator, String text) throws IOException {
        if (writesPlainUtf8(generator) && writesAsIs(text,
                generator.isEnabled(JsonGenerator.Feature.COMBINE_UNICODE_SURROGATES_IN_UTF8))) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            generator.writeRawUTF8String(utf8, 0, utf8.length);
        } else {
            generator.writeString(text);
        }
    }

    /**
     * Writes UTF-8 bytes as one JSON string, escaped as {@code generator.writeUTF8String} escapes them (the prompt
     * response's {@code body} is a whole JSON document, full of quotes), in one pass over a table instead of
     * Jackson's per-byte checks.
     */
    public static void writeEscaped(JsonGenerator generator, byte[] utf8) throws IOException {
        if (!writesPlainUtf8(generator) || !generator.isEnabled(JsonGenerator.Feature.WRITE_HEX_UPPER_CASE)) {
            generator.writeUTF8String(utf8, 0, utf8.length);
            return;
        }
        Escaped escaped = escaped(utf8);
        generator.writeRawUTF8String(escaped.bytes(), 0, escaped.length());
    }

    /** The first {@code length} bytes of {@code bytes}: what goes between a JSON string's quotes. */
    record Escaped(byte[] bytes, int length) {
    }

    /**
     * The escaped form of the UTF-8 text {@code utf8}; {@code utf8} itself when nothing escapes. The runs of bytes
     * between two escapes are copied whole rather than byte by byte, in one pass with no count of the escapes first:
     * half the time of the two byte-by-byte passes on a prompt response's body (a quote every few bytes).
     */
    static Escaped escaped(byte[] utf8) {
        int length = utf8.length;
        int next = plainRunEnd(utf8, 0);
        if (next == length) {
            return new Escaped(utf8, length);
        }
        // Room for a quote every eighth byte or so, as in JSON; a text of control characters makes it grow.
        byte[] out = new byte[length + (length >> 2) + 64];
        System.arraycopy(utf8, 0, out, 0, next);
        int at = next;
        while (next < length) {
            if (out.length - at < WIDEST_ESCAPE) {
                out = grown(out, WIDEST_ESCAPE);
            }
            byte b = utf8[next++];
            byte escape = ESCAPES[b & 0xFF];
            out[at++] = '\\';
            out[at++] = escape;
            if (escape == 'u') {
                out[at++] = '0';
                out[at++] = '0';
                out[at++] = HEX[b >> 4];
                out[at++] = HEX[b & 0xF];
            }
            int runEnd = plainRunEnd(utf8, next);
            int run = runEnd - next;
            if (out.length - at < run) {
                out = grown(out, run);
            }
            System.arraycopy(utf8, next, out, at, run);
            at += run;
            next = runEnd;
        }
        return new Escaped(out, at);
    }

    /** The index of the first byte at or after {@code from} that needs an escape, or the length. */
    private static int plainRunEnd(byte[] utf8, int from) {
        int i = from;
        while (i < utf8.length && ESCAPES[utf8[i] & 0xFF] == 0) {
            i++;
        }
        return i;
    }

    private static byte[] grown(byte[] out, int needed) {
        return Arrays.copyOf(out, Math.max(out.length + (out.length >> 1), out.length + needed));
    }

    /** A generator of UTF-8 bytes that escapes only what JSON requires (no custom escapes, no ASCII-only output). */
    private static boolean writesPlainUtf8(JsonGenerator generator) {
        return generator instanceof UTF8JsonGenerator && generator.getCharacterEscapes() == null
                && generator.getHighestEscapedChar() == 0;
    }

    /**
     * Whether Jackson writes {@code text} as its plain UTF-8, with nothing escaped or replaced; a character outside
     * the BMP is written so only by a generator that combines surrogate pairs.
     */
    private static boolean writesAsIs(String text, boolean combinesSurrogates) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
            if (Character.isSurrogate(c)) {
                // Only a whole pair, and only where Jackson writes a pair as one UTF-8 sequence, as the JDK does.
                if (!combinesSurrogates || !Character.isHighSurrogate(c) || i + 1 == length
                        || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }
}
