package sh.smarter.prompt.cli.manifest;

import sh.smarter.prompt.core.json.JsonObject;

/**
 * One manifest and where it was read: the file, and the document's number when the file holds several, so every
 * message can point at it ("examples/bots.yaml (document 2)").
 */
public record ManifestDocument(String file, int index, int documentsInFile, JsonObject manifest) {

    public String source() {
        return documentsInFile > 1 ? file + " (document " + index + ")" : file;
    }

    /** {@code metadata.name}, or "?" while the manifest has not been validated. */
    public String name() {
        return manifest.object("metadata").flatMap(metadata -> metadata.string("name")).orElse("?");
    }
}
