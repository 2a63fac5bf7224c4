package sh.smarter.prompt.core.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;

class DateCalculatorTest {
    private final DateCalculator calculator = new DateCalculator();

    private JsonObject run(String argumentsJson) {
        return (JsonObject) calculator.invoke((JsonObject) Json.parse(argumentsJson));
    }

    private JsonObject run(String operation, String... dates) {
        return (JsonObject) calculator.invoke(JsonObject.builder()
                .put("operation", operation)
                .put("dates", JsonArray.ofStrings(List.of(dates)))
                .build());
    }

    private String convert(String date, String format) {
        JsonObject answer = (JsonObject) calculator.invoke(JsonObject.builder()
                .put("operation", "convert")
                .put("dates", JsonArray.of(Json.of(date)))
                .put("date_format", format)
                .build());
        return answer.string("converted").orElseThrow(() -> new AssertionError(date + ": " + answer));
    }

    private String addDays(String date, long days) {
        JsonObject answer = (JsonObject) calculator.invoke(JsonObject.builder()
                .put("operation", "add")
                .put("dates", JsonArray.of(Json.of(date)))
                .put("days", days)
                .build());
        return answer.string("result").orElseThrow(() -> new AssertionError(date + ": " + answer));
    }

    private String error(JsonObject answer) {
        assertThat(answer.keys()).as("answer %s", answer).containsExactly("error");
        return answer.string("error").orElseThrow();
    }

    @Test
    void schema_is_the_original_systems() {
        var definition = calculator.definition();
        assertThat(definition.name()).isEqualTo("date_calculator");
        assertThat(definition.description()).isEqualTo("Perform basic calculations on date values, including any "
                + "of the following operations: difference, oldest, newest, convert, add, subtract.");
        String expected = """
                {"type":"object","properties":{
                "dates":{"type":"array","items":{"type":"string"},"description":"List of date strings to process, \
                in any common format (e.g., 'YYYY-MM-DD', 'MM/DD/YYYY', etc.) that is readily convertible to Python \
                datetime. The expected number of dates depends on the operation: 2 for 'difference', 1 or more for \
                'oldest'/'newest', and exactly 1 for 'convert'."},
                "operation":{"type":"string","enum":["difference","oldest","newest","convert","add","subtract"],\
                "description":"The operation to perform."},
                "date_format":{"type":"string","enum":["ISO","US","EU"],"description":"Target format for conversion \
                (only for convert operation. required for convert operation)."},
                "days":{"type":"integer","description":"Number of days to add or subtract (required for add and \
                subtract operations)."}},
                "required":["dates","operation"]}""";
        assertThat(definition.parameters().toJson()).isEqualTo(Json.parse(expected).toJson());
        JsonObject parameters = definition.parameters();
        assertThat(parameters.array("required").orElseThrow().toPlain()).isEqualTo(List.of("dates", "operation"));
        JsonObject properties = parameters.object("properties").orElseThrow();
        assertThat(properties.keys()).containsExactly("dates", "operation", "date_format", "days");
        assertThat(properties.object("operation").orElseThrow().array("enum").orElseThrow().toPlain())
                .isEqualTo(List.of("difference", "oldest", "newest", "convert", "add", "subtract"));
        assertThat(properties.object("date_format").orElseThrow().array("enum").orElseThrow().toPlain())
                .isEqualTo(List.of("ISO", "US", "EU"));
    }

    @Test
    void difference_across_years() {
        JsonObject answer = run("difference", "2024-01-01", "2026-11-26");
        assertThat(answer.toJson()).isEqualTo("{\"difference_days\":1060,\"difference_weeks\":151.43,"
                + "\"difference_months\":34.82,\"difference_years\":2.9}");
    }

    @Test
    void difference_is_absolute_and_counts_leap_days() {
        assertThat(run("difference", "2026-11-26", "2024-01-01").number("difference_days").orElseThrow().longValue())
                .isEqualTo(1060);
        assertThat(run("difference", "2024-02-28", "2024-03-01").number("difference_days").orElseThrow().longValue())
                .isEqualTo(2);
        assertThat(run("difference", "2023-02-28", "2023-03-01").number("difference_days").orElseThrow().longValue())
                .isEqualTo(1);
        assertThat(run("difference", "2026-01-01", "2026-01-08").toJson()).isEqualTo("{\"difference_days\":7,"
                + "\"difference_weeks\":1.0,\"difference_months\":0.23,\"difference_years\":0.02}");
        assertThat(run("difference", "2026-11-26", "11/26/2026").toJson()).isEqualTo("{\"difference_days\":0,"
                + "\"difference_weeks\":0.0,\"difference_months\":0.0,\"difference_years\":0.0}");
    }

    @Test
    void add_and_subtract() {
        assertThat(addDays("2024-02-28", 1)).isEqualTo("2024-02-29");
        assertThat(addDays("2023-02-28", 1)).isEqualTo("2023-03-01");
        assertThat(addDays("2026-12-31", 1)).isEqualTo("2027-01-01");
        assertThat(addDays("2026-11-26", 0)).isEqualTo("2026-11-26");
        assertThat(addDays("2026-11-26", -30)).isEqualTo("2026-10-27");
        assertThat(addDays("2026-11-26", 1_000_000)).isEqualTo("4764-10-23");
        assertThat(run("{\"operation\":\"subtract\",\"dates\":[\"2024-03-01\"],\"days\":1}").toJson())
                .isEqualTo("{\"result\":\"2024-02-29\"}");
        assertThat(run("{\"operation\":\"subtract\",\"dates\":[\"2026-01-05\"],\"days\":-5}").toJson())
                .isEqualTo("{\"result\":\"2026-01-10\"}");
        assertThat(run("{\"operation\":\"add\",\"dates\":[\"11/26/2026\"],\"days\":7.0}").toJson())
                .isEqualTo("{\"result\":\"2026-12-03\"}");
    }

    @Test
    void oldest_and_newest() {
        assertThat(run("oldest", "2026-11-26", "03/15/2025", "1 January 2027").toJson())
                .isEqualTo("{\"oldest\":\"2025-03-15\"}");
        assertThat(run("newest", "2026-11-26", "03/15/2025", "1 January 2027").toJson())
                .isEqualTo("{\"newest\":\"2027-01-01\"}");
        assertThat(run("oldest", "2026-11-26").toJson()).isEqualTo("{\"oldest\":\"2026-11-26\"}");
        assertThat(run("newest", "2026-11-26T23:59:59", "2026-11-26").toJson())
                .isEqualTo("{\"newest\":\"2026-11-26\"}");
    }

    @Test
    void converts_between_iso_us_and_eu() {
        assertThat(convert("2026-11-26", "ISO")).isEqualTo("2026-11-26");
        assertThat(convert("2026-11-26", "US")).isEqualTo("11/26/2026");
        assertThat(convert("2026-11-26", "EU")).isEqualTo("26/11/2026");
        assertThat(convert("11/26/2026", "ISO")).isEqualTo("2026-11-26");
        assertThat(convert("11/26/2026", "EU")).isEqualTo("26/11/2026");
        assertThat(convert("26/11/2026", "ISO")).isEqualTo("2026-11-26");
        assertThat(convert("26/11/2026", "US")).isEqualTo("11/26/2026");
        assertThat(convert("26.11.2026", "US")).isEqualTo("11/26/2026");
        assertThat(convert("2026-01-05", "eu")).isEqualTo("05/01/2026");
        assertThat(convert("0099-01-05", "ISO")).isEqualTo("0099-01-05");
    }

    @Test
    void ambiguous_slash_dates_are_read_as_us_whatever_the_target_format() {
        assertThat(convert("03/04/2026", "ISO")).isEqualTo("2026-03-04");
        assertThat(convert("03/04/2026", "EU")).isEqualTo("04/03/2026");
        assertThat(convert("04.03.2026", "ISO")).isEqualTo("2026-03-04");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2026-11-26                    | 2026-11-26",
            "2026-1-5                      | 2026-01-05",
            "2026-11-26T10:00:00           | 2026-11-26",
            "2026-11-26T10:00              | 2026-11-26",
            "2026-11-26T10:00:00.123456    | 2026-11-26",
            "2026-11-26T10:00:00Z          | 2026-11-26",
            "2026-11-26T23:30:00+02:00     | 2026-11-26",
            "2026-11-26T23:30:00-0500      | 2026-11-26",
            "2026-11-26 10:00              | 2026-11-26",
            "2026-11-26 10:00:00 UTC       | 2026-11-26",
            "2026/11/26                    | 2026-11-26",
            "2026.11.26                    | 2026-11-26",
            "20261126                      | 2026-11-26",
            "11/26/2026                    | 2026-11-26",
            "1/5/2026                      | 2026-01-05",
            "26/11/2026                    | 2026-11-26",
            "11-26-2026                    | 2026-11-26",
            "26-11-2026                    | 2026-11-26",
            "26.11.2026                    | 2026-11-26",
            "5.1.2026                      | 2026-01-05",
            "'November 26, 2026'           | 2026-11-26",
            "Nov 26 2026                   | 2026-11-26",
            "'Nov. 26, 2026'               | 2026-11-26",
            "'Sept 3, 2026'                | 2026-09-03",
            "26 November 2026              | 2026-11-26",
            "26th of November 2026         | 2026-11-26",
            "26-Nov-2026                   | 2026-11-26",
            "'Thursday, November 26, 2026' | 2026-11-26",
            "'november 26, 2026 3:45 PM'   | 2026-11-26",
            "'  2026-11-26  '              | 2026-11-26",
    })
    void reads_common_formats(String input, String iso) {
        assertThat(convert(input, "ISO")).isEqualTo(iso);
    }

    @Test
    void a_lone_string_is_one_date() {
        assertThat(run("{\"operation\":\"convert\",\"dates\":\"2026-11-26\",\"date_format\":\"US\"}").toJson())
                .isEqualTo("{\"converted\":\"11/26/2026\"}");
    }

    @Test
    void operation_is_required_and_known() {
        assertThat(error(run("{\"dates\":[\"2026-11-26\"]}"))).contains("operation is required");
        assertThat(error(run("{\"dates\":[\"2026-11-26\"],\"operation\":5}"))).contains("operation must be a string");
        assertThat(error(run("multiply", "2026-11-26")))
                .isEqualTo("unknown operation 'multiply'; expected one of difference, oldest, newest, convert, add, "
                        + "subtract");
        assertThat(run("NEWEST", "2026-11-26").toJson()).isEqualTo("{\"newest\":\"2026-11-26\"}");
        assertThat(error((JsonObject) calculator.invoke(null))).contains("operation is required");
    }

    @Test
    void dates_are_required() {
        assertThat(error(run("{\"operation\":\"oldest\"}"))).contains("dates is required");
        assertThat(error(run("{\"operation\":\"oldest\",\"dates\":[]}"))).contains("dates is required");
        assertThat(error(run("{\"operation\":\"oldest\",\"dates\":null}"))).contains("dates is required");
        assertThat(error(run("{\"operation\":\"oldest\",\"dates\":{\"a\":1}}"))).contains("dates is required");
        assertThat(error(run("{\"operation\":\"oldest\",\"dates\":[\"2026-11-26\",20261126]}")))
                .isEqualTo("dates[1] must be a string, got 20261126");
        String[] many = Collections.nCopies(DateCalculator.MAX_DATES + 1, "2026-11-26").toArray(String[]::new);
        assertThat(error(run("oldest", many))).contains("too many dates");
    }

    @Test
    void each_operation_checks_how_many_dates() {
        assertThat(error(run("difference", "2026-11-26")))
                .isEqualTo("operation 'difference' needs exactly 2 dates, got 1");
        assertThat(error(run("difference", "2026-11-26", "2026-11-27", "2026-11-28")))
                .contains("exactly 2 dates, got 3");
        assertThat(error(run("convert", "2026-11-26", "2026-11-27"))).contains("'convert' needs exactly 1 date, got 2");
        assertThat(error(run("{\"operation\":\"add\",\"dates\":[\"2026-11-26\",\"2026-11-27\"],\"days\":1}")))
                .contains("'add' needs exactly 1 date");
        assertThat(error(run("{\"operation\":\"subtract\",\"dates\":[\"2026-11-26\",\"2026-11-27\"],\"days\":1}")))
                .contains("'subtract' needs exactly 1 date");
    }

    @Test
    void unparseable_dates_are_quoted() {
        assertThat(error(run("oldest", "2026-11-26", "next tuesday")))
                .startsWith("could not parse date 'next tuesday'");
        assertThat(error(run("oldest", "Smarch 26, 2026"))).contains("'Smarch 26, 2026'");
        assertThat(error(run("oldest", ""))).contains("could not parse date ''");
        assertThat(error(run("oldest", "26/26/2026"))).contains("'26/26/2026' is not a valid calendar date");
        assertThat(error(run("oldest", "2023-02-29"))).contains("'2023-02-29' is not a valid calendar date");
        assertThat(error(run("oldest", "2026-11-26T25:00"))).contains("could not parse date");
        assertThat(error(run("oldest", "11/26/26"))).contains("could not parse date");
        String hostile = "2026-11-26" + " ".repeat(50_000) + "x";
        String message = error(run("oldest", hostile));
        assertThat(message).contains("could not parse date '2026-11-26").contains("...'");
        assertThat(message.length()).isLessThan(250);
    }

    @Test
    void add_and_subtract_need_sane_days() {
        assertThat(error(run("add", "2026-11-26"))).isEqualTo("days is required for add");
        assertThat(error(run("subtract", "2026-11-26"))).isEqualTo("days is required for subtract");
        assertThat(error(run("{\"operation\":\"add\",\"dates\":[\"2026-11-26\"],\"days\":1.5}")))
                .contains("days must be an integer");
        assertThat(error(run("{\"operation\":\"add\",\"dates\":[\"2026-11-26\"],\"days\":\"5\"}")))
                .contains("days must be an integer");
        assertThat(error(run("{\"operation\":\"add\",\"dates\":[\"2026-11-26\"],\"days\":1000001}")))
                .isEqualTo("days must be between -1000000 and 1000000");
        assertThat(error(run("{\"operation\":\"subtract\",\"dates\":[\"2026-11-26\"],\"days\":-1e300}")))
                .contains("days must be between");
    }

    @Test
    void results_stay_within_years_one_to_9999() {
        assertThat(error(run("{\"operation\":\"add\",\"dates\":[\"9999-12-31\"],\"days\":1}")))
                .isEqualTo("the result is outside the years 1 to 9999");
        assertThat(error(run("{\"operation\":\"subtract\",\"dates\":[\"0001-01-01\"],\"days\":1}")))
                .contains("outside the years 1 to 9999");
        assertThat(error(run("oldest", "0000-06-01"))).contains("outside the years 1 to 9999");
        assertThat(addDays("0001-01-02", -1)).isEqualTo("0001-01-01");
    }

    @Test
    void convert_needs_a_known_format() {
        assertThat(error(run("convert", "2026-11-26"))).isEqualTo("date_format is required for convert: ISO, US or EU");
        assertThat(error(run("{\"operation\":\"convert\",\"dates\":[\"2026-11-26\"],\"date_format\":\"JP\"}")))
                .isEqualTo("unknown date_format 'JP'; expected ISO, US or EU");
        assertThat(error(run("{\"operation\":\"convert\",\"dates\":[\"2026-11-26\"],\"date_format\":1}")))
                .contains("date_format must be a string");
    }
}
