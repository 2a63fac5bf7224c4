package sh.smarter.prompt.cli.output;

/** How read commands print: a table for people, JSON or YAML for programs (and for apply -f, in YAML's case). */
public enum OutputFormat {
    TABLE, JSON, YAML
}
