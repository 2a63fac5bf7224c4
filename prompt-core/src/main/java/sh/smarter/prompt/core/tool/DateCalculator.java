package sh.smarter.prompt.core.tool;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.provider.ToolDefinition;

/**
 * The {@code date_calculator} built-in: the schema is the original system's; the operations are a port. Dates are
 * calendar dates: a time or zone in the input is read past and dropped, so "2026-11-26T23:00:00-05:00" is
 * 2026-11-26, the date as written.
 */
public final class DateCalculator implements BuiltInFunction {
    public static final String NAME = "date_calculator";

    static final int MAX_DAYS = 1_000_000;
    static final int MAX_DATES = 1000;
    private static final int MAX_DATE_LENGTH = 100;

    private static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
            "Perform basic calculations on date values, including any of the following operations: difference, "
                    + "oldest, newest, convert, add, subtract.",
            JsonObject.builder()
                    .put("type", "object")
                    .put("properties", JsonObject.builder()
                            .put("dates", JsonObject.builder()
                                    .put("type", "array")
                                    .put("items", JsonObject.builder().put("type", "string").build())
                                    .put("description", "List of date strings to process, in any common format "
                                            + "(e.g., 'YYYY-MM-DD', 'MM/DD/YYYY', etc.) that is readily convertible "
                                            + "to Python datetime. The expected number of dates depends on the "
                                            + "operation: 2 for 'difference', 1 or more for 'oldest'/'newest', and "
                                            + "exactly 1 for 'convert'.")
                                    .build())
                            .put("operation", JsonObject.builder()
                                    .put("type", "string")
                                    .put("enum", JsonArray.ofStrings(Operation.names()))
                                    .put("description", "The operation to perform.")
                                    .build())
                            .put("date_format", JsonObject.builder()
                                    .put("type", "string")
                                    .put("enum", JsonArray.ofStrings(List.of("ISO", "US", "EU")))
                                    .put("description", "Target format for conversion (only for convert operation. "
                                            + "required for convert operation).")
                                    .build())
                            .put("days", JsonObject.builder()
                                    .put("type", "integer")
                                    .put("description",
                                            "Number of days to add or subtract (required for add and subtract "
                                                    + "operations).")
                                    .build())
                            .build())
                    .put("required", JsonArray.of(Json.of("dates"), Json.of("operation")))
                    .build());

    private enum Operation {
        DIFFERENCE(2), OLDEST(0), NEWEST(0), CONVERT(1), ADD(1), SUBTRACT(1);

        /** How many dates the operation takes; 0 for one or more. */
        private final int dateCount;

        Operation(int dateCount) {
            this.dateCount = dateCount;
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static List<String> names() {
            return Arrays.stream(values()).map(Operation::wireName).toList();
        }

        /** Lenient about case and surrounding spaces; the schema's enum is the lower-case form. */
        static Operation parse(String text) {
            for (Operation operation : values()) {
                if (operation.wireName().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return operation;
                }
            }
            throw new DateException("unknown operation '" + shorten(text) + "'; expected one of "
                    + String.join(", ", names()));
        }
    }

    private enum DateFormat {
        ISO("uuuu-MM-dd"), US("MM/dd/uuuu"), EU("dd/MM/uuuu");

        private final DateTimeFormatter formatter;

        DateFormat(String pattern) {
            this.formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        }

        static DateFormat parse(String text) {
            for (DateFormat format : values()) {
                if (format.name().equalsIgnoreCase(text.strip())) {
                    return format;
                }
            }
            throw new DateException("unknown date_format '" + shorten(text) + "'; expected ISO, US or EU");
        }
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public Json invoke(JsonObject arguments) {
        try {
            return calculate(arguments == null ? JsonObject.EMPTY : arguments);
        } catch (DateException e) {
            return BuiltInFunction.error(e.getMessage());
        }
    }

    private static JsonObject calculate(JsonObject arguments) {
        Operation operation = operation(arguments.get("operation"));
        List<String> texts = dateTexts(arguments.get("dates"));
        requireCount(operation, texts.size());
        // Read the operation's own argument before the dates, so a missing one is reported whatever the dates.
        long days = operation == Operation.ADD || operation == Operation.SUBTRACT
                ? days(arguments.get("days"), operation) : 0;
        DateFormat format = operation == Operation.CONVERT ? dateFormat(arguments.get("date_format")) : null;
        List<LocalDate> dates = new ArrayList<>(texts.size());
        for (String text : texts) {
            dates.add(parseDate(text));
        }
        return switch (operation) {
            case DIFFERENCE -> difference(dates.get(0), dates.get(1));
            case OLDEST -> result("oldest", Collections.min(dates));
            case NEWEST -> result("newest", Collections.max(dates));
            case CONVERT -> JsonObject.builder().put("converted", dates.get(0).format(format.formatter)).build();
            case ADD -> result("result", inRange(dates.get(0).plusDays(days)));
            case SUBTRACT -> result("result", inRange(dates.get(0).minusDays(days)));
        };
    }

    private static Operation operation(Json value) {
        if (value.isNull()) {
            throw new DateException("operation is required; one of " + String.join(", ", Operation.names()));
        }
        if (!(value instanceof JsonString text)) {
            throw new DateException("operation must be a string; one of " + String.join(", ", Operation.names()));
        }
        return Operation.parse(text.value());
    }

    /** A lone string is taken as a one-date list: models send that for the one-date operations. */
    private static List<String> dateTexts(Json value) {
        if (value instanceof JsonString text) {
            return List.of(text.value());
        }
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw new DateException("dates is required: a list of date strings such as [\"2026-11-26\"]");
        }
        if (array.size() > MAX_DATES) {
            throw new DateException("too many dates: " + array.size() + " (at most " + MAX_DATES + ")");
        }
        List<String> texts = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString text)) {
                throw new DateException("dates[" + i + "] must be a string, got " + shorten(array.get(i).toJson()));
            }
            texts.add(text.value());
        }
        return texts;
    }

    /** dateTexts has already refused an empty list, which is all that oldest and newest ask. */
    private static void requireCount(Operation operation, int count) {
        if (operation.dateCount != 0 && count != operation.dateCount) {
            throw new DateException("operation '" + operation.wireName() + "' needs exactly " + operation.dateCount
                    + (operation.dateCount == 1 ? " date" : " dates") + ", got " + count);
        }
    }

    private static long days(Json value, Operation operation) {
        if (value.isNull()) {
            throw new DateException("days is required for " + operation.wireName());
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw new DateException("days must be an integer, got " + shorten(value.toJson()));
        }
        if (number.value().abs().compareTo(BigDecimal.valueOf(MAX_DAYS)) > 0) {
            throw new DateException("days must be between -" + MAX_DAYS + " and " + MAX_DAYS);
        }
        return number.longValue();
    }

    private static DateFormat dateFormat(Json value) {
        if (value.isNull()) {
            throw new DateException("date_format is required for convert: ISO, US or EU");
        }
        if (!(value instanceof JsonString text)) {
            throw new DateException("date_format must be a string: ISO, US or EU");
        }
        return DateFormat.parse(text.value());
    }

    private static JsonObject difference(LocalDate first, LocalDate second) {
        long days = Math.abs(ChronoUnit.DAYS.between(first, second));
        return JsonObject.builder()
                .put("difference_days", days)
                .put("difference_weeks", round2(days / 7.0))
                .put("difference_months", round2(days / 30.44))
                .put("difference_years", round2(days / 365.25))
                .build();
    }

    /** Python's round(x, 2): half-even on the exact binary value. */
    private static double round2(double value) {
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static JsonObject result(String key, LocalDate date) {
        return JsonObject.builder().put(key, date.format(DateFormat.ISO.formatter)).build();
    }

    private static LocalDate inRange(LocalDate date) {
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw new DateException("the result is outside the years 1 to 9999");
        }
        return date;
    }

    // ---- lenient parsing --------------------------------------------------------------------------------------

    /** A trailing time of day, with optional seconds, fraction, AM/PM and zone; checked, then dropped. */
    private static final Pattern TIME = Pattern.compile(
            "(?:T|\\s+)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,9})?)?(\\s*[AaPp]\\.?[Mm]\\.?)?"
                    + "(?:\\s*(?:Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?))?$");

    private static final Pattern YEAR_FIRST = Pattern.compile("(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})");
    private static final Pattern BASIC_ISO = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern YEAR_LAST_SLASH = Pattern.compile("(\\d{1,2})([/-])(\\d{1,2})\\2(\\d{4})");
    private static final Pattern YEAR_LAST_DOT = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})");
    private static final Pattern MONTH_NAME_FIRST = Pattern.compile(
            "([A-Za-z]+)\\.?[\\s-]+(\\d{1,2})(?:st|nd|rd|th)?,?[\\s-]+(\\d{4})", Pattern.CASE_INSENSITIVE);
    private static final Pattern DAY_FIRST = Pattern.compile(
            "(\\d{1,2})(?:st|nd|rd|th)?[\\s-]+(?:of\\s+)?([A-Za-z]+)\\.?,?[\\s-]+(\\d{4})", Pattern.CASE_INSENSITIVE);
    /** "Thursday, November 26, 2026": the weekday is read past, not checked. */
    private static final Pattern WEEKDAY_PREFIX = Pattern.compile(
            "^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+", Pattern.CASE_INSENSITIVE);

    private static final Map<String, Integer> MONTHS = months();

    private static Map<String, Integer> months() {
        String[] names = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"};
        Map<String, Integer> months = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            months.put(names[i], i + 1);
            months.put(names[i].substring(0, 3), i + 1);
        }
        months.put("sept", 9);
        return Map.copyOf(months);
    }

    /**
     * Reads one date in any of the common forms. Slash and dash dates with the year last are month-first (US) unless
     * the first number cannot be a month (26/11/2026 is EU). This holds whatever date_format is asked for: the
     * format names the output, and reading an ambiguous 03/04/2026 as EU when converting to EU would make the
     * conversion a no-op, which is never what the caller meant.
     */
    private static LocalDate parseDate(String raw) {
        String text = raw.strip();
        if (text.isEmpty() || text.length() > MAX_DATE_LENGTH) {
            throw unparseable(raw);
        }
        String date = WEEKDAY_PREFIX.matcher(withoutTime(text, raw)).replaceFirst("");
        Matcher m;
        if ((m = YEAR_FIRST.matcher(date)).matches()) {
            return date(raw, m.group(1), m.group(3), m.group(4));
        }
        if ((m = BASIC_ISO.matcher(date)).matches()) {
            return date(raw, m.group(1), m.group(2), m.group(3));
        }
        if ((m = YEAR_LAST_SLASH.matcher(date)).matches()) {
            boolean dayFirst = Integer.parseInt(m.group(1)) > 12;
            return dayFirst
                    ? date(raw, m.group(4), m.group(3), m.group(1))
                    : date(raw, m.group(4), m.group(1), m.group(3));
        }
        if ((m = YEAR_LAST_DOT.matcher(date)).matches()) {
            return date(raw, m.group(3), m.group(2), m.group(1));
        }
        if ((m = MONTH_NAME_FIRST.matcher(date)).matches() && MONTHS.containsKey(lower(m.group(1)))) {
            return date(raw, m.group(3), String.valueOf(MONTHS.get(lower(m.group(1)))), m.group(2));
        }
        if ((m = DAY_FIRST.matcher(date)).matches() && MONTHS.containsKey(lower(m.group(2)))) {
            return date(raw, m.group(3), String.valueOf(MONTHS.get(lower(m.group(2)))), m.group(1));
        }
        throw unparseable(raw);
    }

    /** The text before a trailing time of day; an impossible time (25:00) makes the whole date unreadable. */
    private static String withoutTime(String text, String raw) {
        Matcher time = TIME.matcher(text);
        if (!time.find() || time.start() == 0) {
            return text;
        }
        int hour = Integer.parseInt(time.group(1));
        int maxHour = time.group(4) == null ? 23 : 12;
        boolean valid = hour <= maxHour && Integer.parseInt(time.group(2)) <= 59
                && (time.group(3) == null || Integer.parseInt(time.group(3)) <= 59);
        if (!valid) {
            throw unparseable(raw);
        }
        return text.substring(0, time.start()).strip();
    }

    private static LocalDate date(String raw, String year, String month, String day) {
        LocalDate date;
        try {
            date = LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException e) {
            throw new DateException("'" + shorten(raw) + "' is not a valid calendar date");
        }
        if (date.getYear() < 1) {
            throw new DateException("date '" + shorten(raw) + "' is outside the years 1 to 9999");
        }
        return date;
    }

    private static DateException unparseable(String raw) {
        return new DateException("could not parse date '" + shorten(raw) + "'; use a format such as YYYY-MM-DD, "
                + "MM/DD/YYYY, DD.MM.YYYY or November 26, 2026");
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /** Quoted input is cut at 100 characters so a hostile argument is not echoed back whole. */
    private static String shorten(String text) {
        return text.length() > MAX_DATE_LENGTH ? text.substring(0, MAX_DATE_LENGTH) + "..." : text;
    }

    /** A failure the model can act on; its message becomes the {@code error} member. */
    private static final class DateException extends RuntimeException {
        DateException(String message) {
            super(message, null, false, false);
        }
    }
}
