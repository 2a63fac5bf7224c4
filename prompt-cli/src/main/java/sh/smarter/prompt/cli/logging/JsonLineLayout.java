package sh.smarter.prompt.cli.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * {@code --log-format json}: one JSON object per line, for log shippers. Fields: {@code time} (UTC, ISO-8601),
 * {@code level}, {@code logger}, {@code message}, {@code requestId} when the line belongs to a request, the
 * line's key-value pairs (a turn's {@code chatbot}, {@code session}, {@code outcome}, {@code durationMs}; a
 * request's {@code method}, {@code path}, {@code status}, {@code durationMs}) and {@code error} with the stack
 * trace. Messages and traces pass through {@link Redaction} as in the text format.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
    private final ExtendedThrowableProxyConverter throwable = new ExtendedThrowableProxyConverter();

    @Override
    public void start() {
        throwable.start();
        super.start();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        field(json, "level", event.getLevel().toString());
        field(json, "logger", event.getLoggerName());
        field(json, "message", Redaction.scrub(event.getFormattedMessage()));
        Map<String, String> mdc = event.getMDCPropertyMap();
        String requestId = mdc == null ? null : mdc.get("requestId");
        if (requestId != null) {
            field(json, "requestId", requestId);
        }
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                if (pair.value instanceof Number number) {
                    json.append(",\"").append(escape(pair.key)).append("\":").append(number);
                } else {
                    field(json, pair.key, String.valueOf(pair.value));
                }
            }
        }
        if (event.getThrowableProxy() != null) {
            String error = PoolWarnings.shortened(event)
                    ? PoolWarnings.oneLine(event.getThrowableProxy())
                    : throwable.convert(event);
            field(json, "error", Redaction.scrub(error).strip());
        }
        return json.append("}\n").toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(escape(name)).append("\":\"").append(escape(value)).append('"');
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
