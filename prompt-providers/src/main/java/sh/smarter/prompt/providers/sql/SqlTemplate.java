package sh.smarter.prompt.providers.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A SQL plugin query with its {@code {name}} placeholders turned into JDBC {@code ?} markers, in order.
 *
 * <p>Rules, checked before anything runs:
 * <ul>
 *   <li>{@code {name}} (letters, digits, _) outside string literals, quoted identifiers and comments is a
 *       parameter; a name used twice is bound twice.</li>
 *   <li>A placeholder inside a string literal is refused: it cannot be bound there, and splicing it in would be
 *       an injection. Write {@code CONCAT('%', {term}, '%')} instead of {@code '%{term}%'}. Placeholders inside
 *       comments are ignored.</li>
 *   <li>A bare {@code ?} is refused: every parameter must be named.</li>
 *   <li>Exactly one statement (a trailing {@code ;} is fine), starting with SELECT or WITH, and without words that
 *       write or lock ({@code INSERT, UPDATE, DELETE, MERGE, REPLACE, CREATE, DROP, ... INTO}) unless they are
 *       function calls such as {@code REPLACE(...)}. This is the first of three layers; the connection is also
 *       read-only and every transaction is rolled back.</li>
 * </ul>
 * With {@code backslashEscapes} (the MySQL/MariaDB dialect) a backslash escapes the next character inside
 * literals, double quotes delimit strings, {@code #} starts a comment and {@code --} needs a following space.
 */
record SqlTemplate(String jdbcSql, List<String> parameters) {
    private static final Set<String> FIRST_WORDS = Set.of("SELECT", "WITH");
    private static final Set<String> WRITING_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE",
            "UPSERT", "CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "GRANT", "REVOKE", "CALL", "EXEC",
            "EXECUTE", "LOCK", "UNLOCK", "LOAD", "HANDLER", "INTO", "COMMIT", "ROLLBACK", "SAVEPOINT", "SHUTDOWN",
            "KILL");

    SqlTemplate {
        parameters = List.copyOf(parameters);
    }

    /** The query is not one this executor runs; the message says why, for the plugin's author. */
    static final class InvalidQueryException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidQueryException(String message) {
            super(message);
        }
    }

    static SqlTemplate parse(String sql, boolean backslashEscapes) {
        return new Parser(sql, backslashEscapes).parse();
    }

    private static final class Parser {
        private final String sql;
        private final boolean backslashEscapes;
        private final StringBuilder out = new StringBuilder();
        private final List<String> parameters = new ArrayList<>();
        private String firstWord;
        private int i;

        Parser(String sql, boolean backslashEscapes) {
            this.sql = sql;
            this.backslashEscapes = backslashEscapes;
        }

        SqlTemplate parse() {
            while (i < sql.length()) {
                char c = sql.charAt(i);
                if (c == '\'') {
                    quoted('\'', true);
                } else if (c == '"' || c == '`') {
                    quoted(c, backslashEscapes && c == '"');
                } else if (startsLineComment()) {
                    comment(sql.indexOf('\n', i), 0);
                } else if (c == '/' && next() == '*') {
                    comment(sql.indexOf("*/", i + 2), 2);
                } else if (c == '{') {
                    placeholder();
                } else if (c == '?') {
                    throw new InvalidQueryException("the query contains a bare ?; name every parameter, e.g. {id}");
                } else if (c == ';') {
                    endOfStatement();
                } else if (Character.isLetter(c) || c == '_') {
                    word();
                } else {
                    out.append(c);
                    i++;
                }
            }
            if (firstWord == null) {
                throw new InvalidQueryException("the query is empty");
            }
            return new SqlTemplate(out.toString().strip(), parameters);
        }

        private char next() {
            return i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
        }

        private boolean startsLineComment() {
            char c = sql.charAt(i);
            if (c == '-' && next() == '-') {
                // MySQL needs whitespace after "--" ("1--1" is arithmetic there).
                return !backslashEscapes || i + 2 >= sql.length() || Character.isWhitespace(sql.charAt(i + 2));
            }
            return c == '#' && backslashEscapes;
        }

        /** A literal or quoted identifier, copied as is; placeholders inside literals are refused. */
        private void quoted(char quote, boolean escapes) {
            int start = i++;
            while (true) {
                if (i >= sql.length()) {
                    throw new InvalidQueryException("the query has an unterminated " + quote + " quote");
                }
                char c = sql.charAt(i);
                if (escapes && c == '\\') {
                    i += 2;
                } else if (c == quote && next() == quote) {
                    i += 2;
                } else if (c == quote) {
                    i++;
                    break;
                } else {
                    i++;
                }
            }
            String literal = sql.substring(start, i);
            boolean stringLiteral = quote == '\'' || (quote == '"' && backslashEscapes);
            if (stringLiteral && literal.matches("(?s).*\\{[A-Za-z_][A-Za-z0-9_]*}.*")) {
                throw new InvalidQueryException("a {placeholder} inside the string literal " + literal
                        + " cannot be bound; write CONCAT('...', {name}, '...') instead");
            }
            out.append(literal);
        }

        private void comment(int end, int terminatorLength) {
            int stop = end < 0 ? sql.length() : end + terminatorLength;
            // Comments are dropped: their text can never become part of the statement.
            out.append(' ');
            i = stop;
        }

        private void placeholder() {
            int close = sql.indexOf('}', i);
            String name = close < 0 ? "" : sql.substring(i + 1, close);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                out.append('{');
                i++;
                return;
            }
            noteWord("?");
            parameters.add(name);
            out.append('?');
            i = close + 1;
        }

        private void endOfStatement() {
            int j = i + 1;
            String rest = sql.substring(j).strip();
            if (!rest.isEmpty() && !rest.matches("(?s)(;|\\s|--[^\\n]*(\\n|$)|/\\*.*?\\*/)*")) {
                throw new InvalidQueryException("the query holds more than one statement; a SQL plugin runs one");
            }
            i = sql.length();
        }

        private void word() {
            int start = i;
            while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                    || sql.charAt(i) == '$')) {
                i++;
            }
            String word = sql.substring(start, i);
            noteWord(word);
            String upper = word.toUpperCase(Locale.ROOT);
            if (WRITING_WORDS.contains(upper) && !followedByParenthesis()) {
                throw new InvalidQueryException("the query contains " + upper
                        + "; SQL plugins may only read (SELECT or WITH ... SELECT)");
            }
            out.append(word);
        }

        private void noteWord(String word) {
            if (firstWord == null) {
                firstWord = word.toUpperCase(Locale.ROOT);
                if (!FIRST_WORDS.contains(firstWord)) {
                    throw new InvalidQueryException("the query starts with " + word
                            + "; SQL plugins may only read (SELECT or WITH ... SELECT)");
                }
            }
        }

        private boolean followedByParenthesis() {
            int j = i;
            while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
                j++;
            }
            return j < sql.length() && sql.charAt(j) == '(';
        }
    }
}
