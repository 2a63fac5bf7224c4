package sh.smarter.prompt.core.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** A strict RFC 8259 parser with a nesting limit, so hostile input cannot exhaust the stack. */
final class JsonParser {
    static final int MAX_DEPTH = 256;

    private final String text;
    private int pos;
    private int depth;

    private JsonParser(String text) {
        this.text = text;
    }

    static Json parse(String text) {
        if (text == null) {
            throw new JsonParseException("no JSON text", 0);
        }
        JsonParser parser = new JsonParser(text);
        parser.skipWhitespace();
        Json value = parser.value();
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw new JsonParseException("unexpected text after the JSON value", parser.pos);
        }
        return value;
    }

    private Json value() {
        if (pos >= text.length()) {
            throw new JsonParseException("unexpected end of JSON text", pos);
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> new JsonString(string());
            case 't' -> literal("true", JsonBool.TRUE);
            case 'f' -> literal("false", JsonBool.FALSE);
            case 'n' -> literal("null", JsonNull.INSTANCE);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw new JsonParseException("unexpected character '" + printable(c) + "'", pos);
            }
        };
    }

    private JsonObject object() {
        enter();
        pos++; // {
        LinkedHashMap<String, Json> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return new JsonObject(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw new JsonParseException("expected a member name in double quotes", pos);
            }
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            members.put(key, value());
            skipWhitespace();
            char c = next("',' or '}'");
            if (c == '}') {
                depth--;
                return new JsonObject(members);
            }
            if (c != ',') {
                throw new JsonParseException("expected ',' or '}'", pos - 1);
            }
        }
    }

    private JsonArray array() {
        enter();
        pos++; // [
        List<Json> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return new JsonArray(items);
        }
        while (true) {
            skipWhitespace();
            items.add(value());
            skipWhitespace();
            char c = next("',' or ']'");
            if (c == ']') {
                depth--;
                return new JsonArray(items);
            }
            if (c != ',') {
                throw new JsonParseException("expected ',' or ']'", pos - 1);
            }
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new JsonParseException("JSON nested deeper than " + MAX_DEPTH + " levels", pos);
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder out = null;
        int start = pos;
        while (true) {
            if (pos >= text.length()) {
                throw new JsonParseException("unterminated string", start - 1);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = out == null ? text.substring(start, pos) : out.append(text, start, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw new JsonParseException("control character in string", pos);
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(text, start, pos);
                pos++;
                char e = next("an escape character");
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> out.append(unicodeEscape());
                    default -> throw new JsonParseException("invalid escape '\\" + printable(e) + "'", pos - 1);
                }
                start = pos;
            } else {
                pos++;
            }
        }
    }

    private char unicodeEscape() {
        if (pos + 4 > text.length()) {
            throw new JsonParseException("truncated \\u escape", pos);
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw new JsonParseException("invalid \\u escape", pos);
            }
            code = code * 16 + digit;
        }
        pos += 4;
        return (char) code;
    }

    private JsonNumber number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw new JsonParseException("invalid number", start);
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw new JsonParseException("invalid number: digits expected after '.'", pos);
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw new JsonParseException("invalid number: digits expected in exponent", pos);
            }
            digits();
        }
        try {
            return new JsonNumber(new BigDecimal(text.substring(start, pos)));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new JsonParseException("number out of range", start);
        }
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Json literal(String word, Json value) {
        if (!text.startsWith(word, pos)) {
            throw new JsonParseException("invalid literal, expected '" + word + "'", pos);
        }
        pos += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next(String expected) {
        if (pos >= text.length()) {
            throw new JsonParseException("unexpected end of JSON text, expected " + expected, pos);
        }
        return text.charAt(pos++);
    }

    private void expect(char c) {
        if (next("'" + c + "'") != c) {
            throw new JsonParseException("expected '" + c + "'", pos - 1);
        }
    }

    private static String printable(char c) {
        return c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
