package sh.smarter.prompt.cli.manifest;

import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.core.error.PromptException;

/** Failures of manifest files, always naming the file (and document) first. */
final class ManifestReaderFailure {
    private ManifestReaderFailure() {
    }

    static CliFailure syntax(String source, String problem) {
        return CliFailure.usage(source + ": " + problem);
    }

    /** The core names the field ("spec.config.defaultTemperature must be ..."); this adds the file. */
    static CliFailure rejected(ManifestDocument document, PromptException e) {
        return new CliFailure(ExitCode.of(e.kind()), document.source() + ": " + e.getMessage(), e);
    }
}
