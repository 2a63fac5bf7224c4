package sh.smarter.prompt.providers.sql;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonNull;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.wire.json.JacksonJson;

/**
 * Rows as JSON objects keyed by column label, with JSON types: exact numbers (DECIMAL stays exact), booleans,
 * null, dates and times as ISO-8601 strings, binary as base64, JSON columns as JSON.
 */
final class ResultRows {
    private ResultRows() {
    }

    /** The rows read, and whether more than {@code limit} were there. */
    record Page(JsonArray rows, boolean truncated) {
    }

    /** The result is larger than the plugin may return. */
    static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message, null, false, false);
        }
    }

    static Page read(ResultSet rs, int limit, long maxChars) throws SQLException, TooLargeException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> labels = labels(meta);
        JsonArray.Builder rows = JsonArray.builder();
        long chars = 2;
        int count = 0;
        while (rs.next()) {
            if (count == limit) {
                return new Page(rows.build(), true);
            }
            JsonObject.Builder row = JsonObject.builder();
            for (int column = 1; column <= labels.size(); column++) {
                row.put(labels.get(column - 1), value(rs, column, meta.getColumnType(column),
                        meta.getColumnTypeName(column)));
            }
            JsonObject built = row.build();
            chars += built.toJson().length() + 1;
            if (chars > maxChars) {
                throw new TooLargeException("the result is larger than " + maxChars
                        + " characters; select fewer columns or lower the plugin's limit");
            }
            rows.add(built);
            count++;
        }
        return new Page(rows.build(), false);
    }

    /** Column labels, made unique ("id", "id_2") so that no value hides another. */
    private static List<String> labels(ResultSetMetaData meta) throws SQLException {
        List<String> labels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
            String label = meta.getColumnLabel(column);
            String unique = label;
            for (int n = 2; !seen.add(unique); n++) {
                unique = label + "_" + n;
            }
            labels.add(unique);
        }
        return labels;
    }

    private static Json value(ResultSet rs, int column, int sqlType, String typeName) throws SQLException {
        switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC -> {
                BigDecimal number = rs.getBigDecimal(column);
                return number == null ? JsonNull.INSTANCE : new JsonNumber(number);
            }
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
                double number = rs.getDouble(column);
                if (rs.wasNull()) {
                    return JsonNull.INSTANCE;
                }
                return Double.isFinite(number) ? JsonNumber.of(number) : new JsonString(Double.toString(number));
            }
            case Types.DATE -> {
                return text(rs.getObject(column, LocalDate.class), DateTimeFormatter.ISO_LOCAL_DATE);
            }
            case Types.TIME -> {
                return text(rs.getObject(column, LocalTime.class), DateTimeFormatter.ISO_LOCAL_TIME);
            }
            case Types.TIMESTAMP -> {
                return text(rs.getObject(column, LocalDateTime.class), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            }
            case Types.TIME_WITH_TIMEZONE -> {
                return text(rs.getObject(column, OffsetTime.class), DateTimeFormatter.ISO_OFFSET_TIME);
            }
            case Types.TIMESTAMP_WITH_TIMEZONE -> {
                return text(rs.getObject(column, OffsetDateTime.class), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                byte[] bytes = rs.getBytes(column);
                return bytes == null ? JsonNull.INSTANCE : new JsonString(Base64.getEncoder().encodeToString(bytes));
            }
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> {
                String text = rs.getString(column);
                if (text == null) {
                    return JsonNull.INSTANCE;
                }
                return "JSON".equals(typeName == null ? null : typeName.toUpperCase(Locale.ROOT))
                        ? jsonOrText(text) : new JsonString(text);
            }
            default -> {
                return plain(rs.getObject(column));
            }
        }
    }

    private static Json text(Object temporal, DateTimeFormatter format) {
        if (temporal == null) {
            return JsonNull.INSTANCE;
        }
        return new JsonString(format.format((TemporalAccessor) temporal));
    }

    private static Json jsonOrText(String text) {
        try {
            return JacksonJson.parse(text);
        } catch (IllegalArgumentException e) {
            return new JsonString(text);
        }
    }

    /** BIT/BOOLEAN and the types without a fixed mapping (ARRAY, UUID, OTHER...). */
    private static Json plain(Object value) throws SQLException {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Boolean b) {
            return Json.of(b);
        }
        if (value instanceof Number n) {
            return n instanceof Double || n instanceof Float
                    ? (Double.isFinite(n.doubleValue()) ? JsonNumber.of(n.doubleValue()) : new JsonString(n.toString()))
                    : new JsonNumber(new BigDecimal(n.toString()));
        }
        if (value instanceof byte[] bytes) {
            return new JsonString(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Array array) {
            JsonArray.Builder items = JsonArray.builder();
            for (Object item : (Object[]) array.getArray()) {
                items.add(plain(item));
            }
            return items.build();
        }
        return new JsonString(value.toString());
    }
}
