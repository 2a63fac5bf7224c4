package sh.smarter.prompt.tests.architecture;

/** The modules of the hexagon, each owning one package below a common root. */
enum PromptModule {
    CORE("core", "the core"),
    WIRE("wire", "the wire formats the adapters share"),
    PERSISTENCE("persistence", "the persistence adapter"),
    PROVIDERS("providers", "the providers adapter"),
    HTTP("http", "the HTTP adapter"),
    CLI("cli", "the CLI"),
    TESTS("tests", "the cross-module tests");

    private final String packageSegment;
    private final String description;

    PromptModule(String packageSegment, String description) {
        this.packageSegment = packageSegment;
        this.description = description;
    }

    /** The ArchUnit package pattern of this module below {@code root}, e.g. {@code sh.smarter.prompt.core..}. */
    String packagesBelow(String root) {
        return root + "." + packageSegment + "..";
    }

    @Override
    public String toString() {
        return description;
    }
}
