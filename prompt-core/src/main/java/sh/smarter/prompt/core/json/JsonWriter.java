package sh.smarter.prompt.core.json;

import java.math.BigDecimal;
import java.util.Map;

/** Compact JSON text, escaping what RFC 8259 requires and nothing more. */
final class JsonWriter {
    private static final BigDecimal PLAIN_LIMIT = BigDecimal.TEN.pow(21);

    private JsonWriter() {
    }

    static String write(Json value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Json value, StringBuilder out) {
        if (value instanceof JsonObject o) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Json> member : o.members().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(member.getKey(), out);
                out.append(':');
                write(member.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof JsonArray a) {
            out.append('[');
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(a.get(i), out);
            }
            out.append(']');
        } else if (value instanceof JsonString s) {
            string(s.value(), out);
        } else if (value instanceof JsonNumber n) {
            out.append(number(n.value()));
        } else if (value instanceof JsonBool b) {
            out.append(b.value());
        } else {
            out.append("null");
        }
    }

    static String number(BigDecimal value) {
        BigDecimal abs = value.abs();
        if (value.signum() == 0) {
            return value.scale() > 0 ? "0.0" : "0";
        }
        if (abs.compareTo(PLAIN_LIMIT) < 0 && abs.compareTo(new BigDecimal("1e-7")) >= 0) {
            return value.toPlainString();
        }
        // Very large or small magnitudes: exponent form, which JSON allows ("1E+300").
        return value.toString();
    }

    static void string(String s, StringBuilder out) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> c < 0x20 || c == '\u2028' || c == '\u2029' ? unicodeEscape(c) : null;
            };
            if (escape != null) {
                out.append(s, start, i).append(escape);
                start = i + 1;
            }
        }
        out.append(s, start, s.length()).append('"');
    }

    /** {@code \}{@code u} and four lower-case hex digits, without a Formatter's parsing on every call. */
    private static String unicodeEscape(char c) {
        String hex = Integer.toHexString(c);
        return "\\u" + "0".repeat(4 - hex.length()) + hex;
    }
}
