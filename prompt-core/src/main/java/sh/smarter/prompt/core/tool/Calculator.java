package sh.smarter.prompt.core.tool;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonNull;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.provider.ToolDefinition;

/**
 * The {@code calculator} built-in: the schema is the original system's; the evaluator is a hand-written
 * recursive-descent parser over doubles with Python's operator rules ({@code **} is right-associative and binds
 * tighter than a unary minus on its left, {@code %} takes the sign of the divisor). Nothing in the expression can
 * reach Java: only the numbers, operators, constants and functions listed here exist.
 */
public final class Calculator implements BuiltInFunction {
    public static final String NAME = "calculator";

    static final int MAX_LENGTH = 1000;
    static final int MAX_DEPTH = 100;

    private static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
            "Evaluate a mathematical expression string, supporting parentheses and any combination of the following "
                    + "math functions: add, subtract, multiply, divide, sin, cos, tan, asin, acos, atan, degrees, "
                    + "radians, expression. The expression can include numbers, operators (+, -, *, /, **, %), and "
                    + "function calls. Example input: '2 + 3 * (4 - 1)' or 'sin(pi / 2) + log(10)'.",
            JsonObject.builder()
                    .put("type", "object")
                    .put("properties", JsonObject.builder()
                            .put("expression", JsonObject.builder()
                                    .put("type", "string")
                                    .put("description", "A mathematical expression string to evaluate, supporting "
                                            + "parentheses and math functions.")
                                    .build())
                            .build())
                    .put("required", JsonArray.of(Json.of("expression")))
                    .build());

    private static final Map<String, Double> CONSTANTS = Map.of("pi", Math.PI, "e", Math.E);

    // add/subtract/multiply/divide are not in the brief's list but the schema description advertises them, so a
    // model will call them.
    private static final Map<String, MathFunction> FUNCTIONS = Map.ofEntries(
            function("sqrt", 1, 1, a -> {
                requireDomain(a[0] >= 0, "sqrt() of a negative number");
                return Math.sqrt(a[0]);
            }),
            function("pow", 2, 2, a -> power(a[0], a[1])),
            function("abs", 1, 1, a -> Math.abs(a[0])),
            function("round", 1, 2, a -> round(a[0], a.length == 2 ? a[1] : 0)),
            function("min", 1, Integer.MAX_VALUE, a -> {
                double min = a[0];
                for (double value : a) {
                    min = Math.min(min, value);
                }
                return min;
            }),
            function("max", 1, Integer.MAX_VALUE, a -> {
                double max = a[0];
                for (double value : a) {
                    max = Math.max(max, value);
                }
                return max;
            }),
            function("sin", 1, 1, a -> Math.sin(a[0])),
            function("cos", 1, 1, a -> Math.cos(a[0])),
            function("tan", 1, 1, a -> Math.tan(a[0])),
            function("asin", 1, 1, a -> {
                requireDomain(Math.abs(a[0]) <= 1, "asin() argument must be between -1 and 1");
                return Math.asin(a[0]);
            }),
            function("acos", 1, 1, a -> {
                requireDomain(Math.abs(a[0]) <= 1, "acos() argument must be between -1 and 1");
                return Math.acos(a[0]);
            }),
            function("atan", 1, 1, a -> Math.atan(a[0])),
            function("log", 1, 2, a -> a.length == 2 ? log(a[0], a[1]) : log(a[0])),
            function("log10", 1, 1, a -> {
                requireDomain(a[0] > 0, "log10() of a number <= 0");
                return Math.log10(a[0]);
            }),
            function("exp", 1, 1, a -> Math.exp(a[0])),
            function("degrees", 1, 1, a -> Math.toDegrees(a[0])),
            function("radians", 1, 1, a -> Math.toRadians(a[0])),
            function("add", 2, 2, a -> a[0] + a[1]),
            function("subtract", 2, 2, a -> a[0] - a[1]),
            function("multiply", 2, 2, a -> a[0] * a[1]),
            function("divide", 2, 2, a -> divide(a[0], a[1])));

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public Json invoke(JsonObject arguments) {
        Json expression = arguments == null ? JsonNull.INSTANCE : arguments.get("expression");
        if (expression.isNull()) {
            return BuiltInFunction.error("expression is required, for example \"2 + 3 * (4 - 1)\"");
        }
        if (!(expression instanceof JsonString text)) {
            return BuiltInFunction.error("expression must be a string, for example \"2 + 3 * (4 - 1)\"");
        }
        if (text.value().isBlank()) {
            return BuiltInFunction.error("expression is empty");
        }
        if (text.value().length() > MAX_LENGTH) {
            return BuiltInFunction.error("expression is too long (at most " + MAX_LENGTH + " characters)");
        }
        try {
            double result = evaluate(text.value());
            return JsonObject.builder().put("result", toJsonNumber(result)).build();
        } catch (CalculationException e) {
            return BuiltInFunction.error(e.getMessage());
        }
    }

    /** Evaluates a bounded expression; every failure is a {@link CalculationException}. */
    private static double evaluate(String expression) {
        return new Parser(Lexer.tokenize(expression)).parseAll();
    }

    /** Integral results are written as integers (4, not 4.0), as Python's int arithmetic would show them. */
    private static JsonNumber toJsonNumber(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 0x1p63) {
            return JsonNumber.of((long) value); // also turns -0.0 into 0
        }
        return JsonNumber.of(value);
    }

    private static double checked(double value) {
        if (Double.isNaN(value)) {
            throw new CalculationException("math domain error: the result is not a real number");
        }
        if (Double.isInfinite(value)) {
            throw new CalculationException("result is too large");
        }
        return value;
    }

    private static void requireDomain(boolean valid, String message) {
        if (!valid) {
            throw new CalculationException("math domain error: " + message);
        }
    }

    private static double divide(double dividend, double divisor) {
        if (divisor == 0) {
            throw new CalculationException("division by zero");
        }
        return dividend / divisor;
    }

    /** Python's float modulo: the result has the sign of the divisor. */
    private static double modulo(double dividend, double divisor) {
        if (divisor == 0) {
            throw new CalculationException("modulo by zero");
        }
        double remainder = dividend % divisor;
        if (remainder != 0 && (remainder < 0) != (divisor < 0)) {
            remainder += divisor;
        }
        return remainder;
    }

    private static double power(double base, double exponent) {
        if (base == 0 && exponent < 0) {
            throw new CalculationException("division by zero: 0 cannot be raised to a negative power");
        }
        return Math.pow(base, exponent);
    }

    private static double log(double value) {
        requireDomain(value > 0, "log() of a number <= 0");
        return Math.log(value);
    }

    private static double log(double value, double base) {
        requireDomain(base > 0 && base != 1, "log() base must be positive and not 1");
        return log(value) / Math.log(base);
    }

    /**
     * Python's round(): rounds the exact binary value half-to-even, so round(2.675, 2) is 2.67 as in Python. Digits
     * beyond what a double can hold change nothing, so they are clamped to keep BigDecimal's work small.
     */
    private static double round(double value, double digits) {
        if (digits != Math.rint(digits)) {
            throw new CalculationException("round() digits must be an integer");
        }
        int scale = (int) Math.max(-400, Math.min(1100, digits));
        return new BigDecimal(value).setScale(scale, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** Names and numbers quoted in messages are cut short so a hostile input is not echoed back whole. */
    private static String shorten(String text) {
        return text.length() > 50 ? text.substring(0, 50) + "..." : text;
    }

    private static Map.Entry<String, MathFunction> function(String name, int minArgs, int maxArgs, Body body) {
        return Map.entry(name, new MathFunction(name, minArgs, maxArgs, body));
    }

    @FunctionalInterface
    private interface Body {
        double apply(double[] args);
    }

    private record MathFunction(String name, int minArgs, int maxArgs, Body body) {
        double call(List<Double> args) {
            if (args.size() < minArgs || args.size() > maxArgs) {
                throw new CalculationException(name + "() takes " + arity() + ", got " + args.size());
            }
            double[] values = args.stream().mapToDouble(Double::doubleValue).toArray();
            return checked(body.apply(values));
        }

        private String arity() {
            if (maxArgs == Integer.MAX_VALUE) {
                return "at least " + plural(minArgs);
            }
            if (minArgs == maxArgs) {
                return "exactly " + plural(minArgs);
            }
            return minArgs + " or " + plural(maxArgs);
        }

        private static String plural(int count) {
            return count + (count == 1 ? " argument" : " arguments");
        }
    }

    /** INVALID is a character outside the grammar; it ends the token list and is reported where it is reached. */
    private enum Kind { NUMBER, NAME, OPERATOR, OPEN, CLOSE, COMMA, INVALID, END }

    /** A token; {@code position} is the 0-based offset in the expression, for error messages. */
    private record Token(Kind kind, String text, int position) {
        boolean is(Kind expected, String expectedText) {
            return kind == expected && text.equals(expectedText);
        }

        String describe() {
            return switch (kind) {
                case END -> "end of expression";
                // '^' is XOR in Python and a common slip for a power.
                case INVALID -> "character '" + text + "' at position " + position
                        + (text.equals("^") ? " (use ** for powers)" : "");
                default -> "'" + shorten(text) + "' at position " + position;
            };
        }
    }

    /**
     * Splits the expression into tokens. A character outside the grammar is not refused here but left for the
     * parser, so that in "java.lang.Runtime" the unknown name is what gets reported.
     */
    private static final class Lexer {
        private final String text;
        private final List<Token> tokens = new ArrayList<>();
        private int pos;

        private Lexer(String text) {
            this.text = text;
        }

        static List<Token> tokenize(String text) {
            Lexer lexer = new Lexer(text);
            lexer.run();
            return lexer.tokens;
        }

        private void run() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (isDigit(c) || (c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
                    number();
                } else if (isNameStart(c)) {
                    name();
                } else if (text.startsWith("**", pos)) {
                    add(Kind.OPERATOR, 2);
                } else if ("+-*/%".indexOf(c) >= 0) {
                    add(Kind.OPERATOR, 1);
                } else if (c == '(') {
                    add(Kind.OPEN, 1);
                } else if (c == ')') {
                    add(Kind.CLOSE, 1);
                } else if (c == ',') {
                    add(Kind.COMMA, 1);
                } else {
                    String character = new String(Character.toChars(text.codePointAt(pos)));
                    tokens.add(new Token(Kind.INVALID, character, pos));
                    break;
                }
            }
            tokens.add(new Token(Kind.END, "", pos));
        }

        private void add(Kind kind, int length) {
            tokens.add(new Token(kind, text.substring(pos, pos + length), pos));
            pos += length;
        }

        /** digits [. digits] [(e|E) [+|-] digits], or . digits; as Python, "5." is a number too. */
        private void number() {
            int start = pos;
            skipDigits();
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                skipDigits();
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                pos++;
                if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                    pos++;
                }
                int exponentStart = pos;
                skipDigits();
                if (pos == exponentStart) {
                    throw new CalculationException("malformed number '" + text.substring(start, pos)
                            + "' at position " + start);
                }
            }
            tokens.add(new Token(Kind.NUMBER, text.substring(start, pos), start));
        }

        private void name() {
            int start = pos;
            while (pos < text.length() && (isNameStart(text.charAt(pos)) || isDigit(text.charAt(pos)))) {
                pos++;
            }
            tokens.add(new Token(Kind.NAME, text.substring(start, pos), start));
        }

        private void skipDigits() {
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isNameStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        }
    }

    /**
     * The grammar, loosest binding first:
     * <pre>
     * expression := term (('+' | '-') term)*
     * term       := unary (('*' | '/' | '%') unary)*
     * unary      := ('+' | '-') unary | power
     * power      := primary ('**' unary)?
     * primary    := number | constant | name '(' [expression (',' expression)*] ')' | '(' expression ')'
     * </pre>
     * Every recursion that can nest (parentheses, calls, unary signs, the right side of **) goes through
     * {@link #enter()}, so the Java stack stays bounded whatever the input.
     */
    private static final class Parser {
        private final List<Token> tokens;
        private int index;
        private int depth;

        private Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        double parseAll() {
            double value = expression();
            Token rest = peek();
            if (rest.kind() != Kind.END) {
                throw new CalculationException("unexpected " + rest.describe());
            }
            return value;
        }

        private double expression() {
            double value = term();
            while (peek().is(Kind.OPERATOR, "+") || peek().is(Kind.OPERATOR, "-")) {
                boolean plus = next().text().equals("+");
                double right = term();
                value = checked(plus ? value + right : value - right);
            }
            return value;
        }

        private double term() {
            double value = unary();
            while (peek().is(Kind.OPERATOR, "*") || peek().is(Kind.OPERATOR, "/") || peek().is(Kind.OPERATOR, "%")) {
                String operator = next().text();
                double right = unary();
                value = checked(switch (operator) {
                    case "*" -> value * right;
                    case "/" -> divide(value, right);
                    default -> modulo(value, right);
                });
            }
            return value;
        }

        private double unary() {
            if (peek().is(Kind.OPERATOR, "+") || peek().is(Kind.OPERATOR, "-")) {
                boolean minus = next().text().equals("-");
                enter();
                double operand = unary();
                leave();
                return minus ? -operand : operand;
            }
            return power();
        }

        private double power() {
            double base = primary();
            if (peek().is(Kind.OPERATOR, "**")) {
                next();
                enter();
                double exponent = unary();
                leave();
                return checked(Calculator.power(base, exponent));
            }
            return base;
        }

        private double primary() {
            Token token = next();
            switch (token.kind()) {
                case NUMBER -> {
                    return number(token);
                }
                case NAME -> {
                    return peek().kind() == Kind.OPEN ? call(token) : constant(token);
                }
                case OPEN -> {
                    enter();
                    double value = expression();
                    expect(Kind.CLOSE, "')'");
                    leave();
                    return value;
                }
                default -> throw new CalculationException("unexpected " + token.describe());
            }
        }

        private double number(Token token) {
            double value = Double.parseDouble(token.text());
            if (Double.isInfinite(value)) {
                throw new CalculationException("number '" + shorten(token.text()) + "' is too large");
            }
            return value;
        }

        private double constant(Token token) {
            Double value = CONSTANTS.get(token.text());
            if (value != null) {
                return value;
            }
            if (FUNCTIONS.containsKey(token.text())) {
                throw new CalculationException("'" + token.text() + "' is a function; call it like "
                        + token.text() + "(...)");
            }
            throw new CalculationException("unknown name '" + shorten(token.text()) + "' at position "
                    + token.position() + "; only the constants pi and e are defined");
        }

        private double call(Token name) {
            MathFunction function = FUNCTIONS.get(name.text());
            if (function == null) {
                throw new CalculationException("unknown function '" + shorten(name.text()) + "' at position "
                        + name.position());
            }
            next(); // (
            enter();
            List<Double> args = new ArrayList<>();
            if (peek().kind() != Kind.CLOSE) {
                args.add(expression());
                while (peek().kind() == Kind.COMMA) {
                    next();
                    args.add(expression());
                }
            }
            expect(Kind.CLOSE, "')' or ','");
            leave();
            return function.call(args);
        }

        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw new CalculationException("expression is nested too deeply (at most " + MAX_DEPTH + " levels)");
            }
        }

        private void leave() {
            depth--;
        }

        private void expect(Kind kind, String what) {
            Token token = next();
            if (token.kind() != kind) {
                throw new CalculationException("expected " + what + " but found " + token.describe());
            }
        }

        private Token peek() {
            return tokens.get(index);
        }

        private Token next() {
            Token token = tokens.get(index);
            if (token.kind() != Kind.END) {
                index++;
            }
            return token;
        }
    }

    /** A failure the model can act on; its message becomes the {@code error} member. */
    private static final class CalculationException extends RuntimeException {
        CalculationException(String message) {
            super(message, null, false, false);
        }
    }
}
