package sh.smarter.prompt.cli.output;

/** ANSI styling for a terminal; plain text otherwise (pipes, files, tests, {@code NO_COLOR}). */
public record Styles(boolean ansi) {
    private static final String RESET = "\u001b[0m";

    /** Status lines: there, but out of the way of the answer. */
    public String dim(String text) {
        return wrap("\u001b[2m", text);
    }

    public String bold(String text) {
        return wrap("\u001b[1m", text);
    }

    public String error(String text) {
        return wrap("\u001b[31m", text);
    }

    private String wrap(String code, String text) {
        return ansi ? code + text + RESET : text;
    }
}
