package sh.smarter.prompt.cli.output;

import picocli.CommandLine.Option;

/** {@code -o/--output} of the read commands. */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = OutputFormatConverter.class,
            description = "table, json or yaml.")
    private OutputFormat format;

    /** The chosen format, table when none was chosen. */
    public OutputFormat format() {
        return formatOr(OutputFormat.TABLE);
    }

    /** The chosen format, or the command's own default (describe prints YAML unless told otherwise). */
    public OutputFormat formatOr(OutputFormat fallback) {
        return format == null ? fallback : format;
    }
}
