package sh.smarter.prompt.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;

class CalculatorTest {
    private final Calculator calculator = new Calculator();

    private JsonObject run(String expression) {
        return (JsonObject) calculator.invoke(JsonObject.builder().put("expression", expression).build());
    }

    private double result(String expression) {
        JsonObject answer = run(expression);
        assertThat(answer.keys()).as("answer to %s: %s", expression, answer).containsExactly("result");
        return answer.number("result").orElseThrow().doubleValue();
    }

    private String error(String expression) {
        JsonObject answer = run(expression);
        assertThat(answer.keys()).as("answer to %s: %s", expression, answer).containsExactly("error");
        return answer.string("error").orElseThrow();
    }

    @Test
    void schema_is_the_original_systems() {
        var definition = calculator.definition();
        assertThat(definition.name()).isEqualTo("calculator");
        assertThat(calculator.name()).isEqualTo("calculator");
        assertThat(definition.description()).isEqualTo("Evaluate a mathematical expression string, supporting "
                + "parentheses and any combination of the following math functions: add, subtract, multiply, divide, "
                + "sin, cos, tan, asin, acos, atan, degrees, radians, expression. The expression can include numbers, "
                + "operators (+, -, *, /, **, %), and function calls. Example input: '2 + 3 * (4 - 1)' or "
                + "'sin(pi / 2) + log(10)'.");
        assertThat(definition.parameters().toJson()).isEqualTo("{\"type\":\"object\",\"properties\":{\"expression\":"
                + "{\"type\":\"string\",\"description\":\"A mathematical expression string to evaluate, supporting "
                + "parentheses and math functions.\"}},\"required\":[\"expression\"]}");
        assertThat(definition.toJson().object("function").orElseThrow().string("name")).contains("calculator");
    }

    @Test
    void examples_from_the_description() {
        assertThat(result("2 + 3 * (4 - 1)")).isEqualTo(11);
        assertThat(result("sin(pi / 2) + log(10)")).isCloseTo(3.302585, within(1e-6));
        assertThat(result("sin(pi/2)+log(10)")).isCloseTo(3.302585092994046, within(1e-12));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "1 + 2                | 3",
            "10 - 4 - 3           | 3",
            "2 * 3 + 4            | 10",
            "2 * (3 + 4)          | 14",
            "7 / 2                | 3.5",
            "8 / 4 / 2            | 1",
            "-2**2                | -4",
            "(-2)**2              | 4",
            "2**3**2              | 512",
            "2**-1                | 0.5",
            "2 ** -2 ** 2         | 0.0625",
            "-3 + +5              | 2",
            "--4                  | 4",
            "7 % 3                | 1",
            "7 % -3               | -2",
            "-7 % 3               | 2",
            "7.5 % 2              | 1.5",
            "1e3                  | 1000",
            "1.5E-3 * 1000        | 1.5",
            "2.5e+2               | 250",
            ".5 + 5.              | 5.5",
            "sqrt(16)             | 4",
            "pow(2, 10)           | 1024",
            "abs(-3.5)            | 3.5",
            "round(2.567, 2)      | 2.57",
            "round(2.5)           | 2",
            "round(3.5)           | 4",
            "round(1234.5, -2)    | 1200",
            "min(4, -2, 9)        | -2",
            "max(1, 5, 3)         | 5",
            "max(7)               | 7",
            "degrees(pi)          | 180",
            "radians(180)         | 3.141592653589793",
            "cos(0)               | 1",
            "asin(1) * 2          | 3.141592653589793",
            "acos(1)              | 0",
            "atan(1) * 4          | 3.141592653589793",
            "log(8, 2)            | 3",
            "log10(1000)          | 3",
            "log(e)               | 1",
            "exp(0)               | 1",
            "add(2, 3)            | 5",
            "subtract(2, 3)       | -1",
            "multiply(2, 3)       | 6",
            "divide(3, 2)         | 1.5",
            "10**-400             | 0",
    })
    void evaluates(String expression, double expected) {
        assertThat(result(expression)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void whitespace_is_allowed_between_tokens() {
        assertThat(result("  ( 1 +2 )\t*\n3  ")).isEqualTo(9);
        assertThat(result("sqrt ( 16 )")).isEqualTo(4);
        assertThat(result("2 ** 3")).isEqualTo(8);
        assertThat(error("2 * * 3")).contains("unexpected '*'");
    }

    @Test
    void integral_results_are_written_as_integers() {
        assertThat(run("2 + 2").toJson()).isEqualTo("{\"result\":4}");
        assertThat(run("8 / 2").toJson()).isEqualTo("{\"result\":4}");
        assertThat(run("-6 % 3").toJson()).isEqualTo("{\"result\":0}");
        assertThat(run("7 / 2").toJson()).isEqualTo("{\"result\":3.5}");
        assertThat(run("0.1 + 0.2").toJson()).isEqualTo("{\"result\":0.30000000000000004}");
        assertThat(run("2**62").toJson()).isEqualTo("{\"result\":4611686018427387904}");
        assertThat(((JsonNumber) run("2**70").get("result")).doubleValue()).isEqualTo(Math.pow(2, 70));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1 / 0                | division by zero",
            "1 / (2 - 2)          | division by zero",
            "divide(1, 0)         | division by zero",
            "5 % 0                | modulo by zero",
            "0 ** -1              | division by zero",
            "2**1000000           | result is too large",
            "10**400              | result is too large",
            "exp(1000)            | result is too large",
            "1e999                | too large",
            "sqrt(-1)             | math domain error",
            "log(0)               | math domain error",
            "log(-5)              | math domain error",
            "log(8, 1)            | math domain error",
            "log10(0)             | math domain error",
            "asin(2)              | math domain error",
            "acos(-1.5)           | math domain error",
            "(-8) ** (1/3)        | math domain error",
            "x                    | unknown name 'x'",
            "2 * y + 1            | unknown name 'y'",
            "sqrt                 | 'sqrt' is a function",
            "foo(1)               | unknown function 'foo'",
            "pi(2)                | unknown function 'pi'",
            "sqrt(1, 2)           | sqrt() takes exactly 1 argument, got 2",
            "pow(2)               | pow() takes exactly 2 arguments, got 1",
            "round(1, 2, 3)       | round() takes 1 or 2 arguments, got 3",
            "log()                | log() takes 1 or 2 arguments, got 0",
            "min()                | min() takes at least 1 argument, got 0",
            "round(2.5, 0.5)      | round() digits must be an integer",
            "2 +                  | unexpected end of expression",
            "(1 + 2               | expected ')'",
            "1 + 2)               | unexpected ')' at position 5",
            "()                   | unexpected ')'",
            "2 3                  | unexpected '3' at position 2",
            "1.2.3                | unexpected '.3'",
            "1e                   | malformed number '1e'",
            "2 ^ 3                | use ** for powers",
            "1; 2                 | unexpected character ';' at position 1",
            "2 # comment          | unexpected character '#'",
            "'1 == 1'             | unexpected character '='",
    })
    void reports_errors(String expression, String message) {
        assertThat(error(expression)).contains(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "java.lang.Runtime.getRuntime()",
            "java.lang.Runtime.getRuntime().exec(\"rm -rf /\")",
            "__import__('os')",
            "__import__('os').system('id')",
            "exec('x')",
            "eval(\"1+1\")",
            "open('/etc/passwd').read()",
            "().__class__.__bases__[0].__subclasses__()",
            "lambda: 1",
            "[1, 2]",
            "'abc'",
            "this.getClass()",
            "Math.PI",
            "System.exit(0)",
            "${jndi:ldap://x}",
            "1 +\u0000 1",
            "٣ + 1",
    })
    void refuses_anything_but_arithmetic(String expression) {
        assertThat(error(expression)).isNotBlank();
    }

    @Test
    void unknown_names_are_named() {
        assertThat(error("java.lang.Runtime.getRuntime()")).contains("'java'");
        assertThat(error("__import__(1)")).contains("unknown function '__import__'");
    }

    @Test
    void nesting_is_bounded_without_overflowing_the_stack() {
        assertThat(result("(".repeat(100) + "1" + ")".repeat(100))).isEqualTo(1);
        assertThat(error("(".repeat(101) + "1" + ")".repeat(101))).contains("nested too deeply");
        assertThat(result("-".repeat(100) + "1")).isEqualTo(1);
        assertThat(error("-".repeat(101) + "1")).contains("nested too deeply");
        assertThat(error("sqrt(".repeat(101) + "1" + ")".repeat(101))).contains("nested too deeply");
        assertThat(error("2" + "**2".repeat(101))).contains("nested too deeply");
        // Too long to get that far, but still an error and not a StackOverflowError.
        assertThat(error("(".repeat(10_000) + "1" + ")".repeat(10_000))).contains("too long");
        assertThat(error("-".repeat(100_000) + "1")).contains("too long");
        assertThat(error("(".repeat(100_000))).contains("too long");
    }

    @Test
    void length_is_bounded() {
        String atLimit = "1" + "+1".repeat((Calculator.MAX_LENGTH - 1) / 2);
        assertThat(atLimit).hasSize(Calculator.MAX_LENGTH - 1);
        assertThat(result(atLimit)).isEqualTo(500);
        assertThat(error("1" + "+1".repeat(Calculator.MAX_LENGTH))).contains("too long");
        assertThat(error("9".repeat(Calculator.MAX_LENGTH + 1))).contains("too long");
        assertThat(error("9".repeat(400))).contains("too large");
        // A long unknown name is not echoed back whole.
        assertThat(error("a".repeat(900)).length()).isLessThan(200);
    }

    @Test
    void expression_must_be_a_non_empty_string() {
        assertThat(calculator.invoke(JsonObject.EMPTY).toJson()).contains("\"error\"").contains("required");
        assertThat(calculator.invoke(JsonObject.builder().put("expression", (String) null).build()).toJson())
                .contains("required");
        assertThat(calculator.invoke(JsonObject.builder().put("expression", 42).build()).toJson())
                .contains("must be a string");
        assertThat(calculator.invoke(JsonObject.builder().put("expression", true).build()).toJson())
                .contains("must be a string");
        assertThat(calculator.invoke((JsonObject) Json.parse("{\"expression\":[\"1+1\"]}")).toJson())
                .contains("must be a string");
        assertThat(calculator.invoke(null).toJson()).contains("required");
        assertThat(error("")).isEqualTo("expression is empty");
        assertThat(error("   ")).isEqualTo("expression is empty");
    }
}
