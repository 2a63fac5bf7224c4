package sh.smarter.prompt.cli.settings;

/** Where a setting's value came from, in the order of precedence. */
public enum SettingSource {
    FLAG("flag"),
    ENVIRONMENT("environment"),
    CONFIG_FILE("config file"),
    DEFAULT("default");

    private final String label;

    SettingSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
