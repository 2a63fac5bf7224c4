package sh.smarter.prompt.cli.manifest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.wire.json.JacksonJson;

/**
 * Reads manifests from files: YAML (several documents per file, separated by {@code ---}) or JSON (one manifest,
 * or an array of them). A directory contributes its *.yaml, *.yml and *.json files in name order, and its
 * subdirectories' too when recursive. Syntax errors name the file, line and column.
 */
public final class ManifestFiles {
    // A key written twice is a mistake in a hand-written file; silently keeping the last one would hide it.
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    private ManifestFiles() {
    }

    /** Every manifest in the file or directory, in file order. */
    public static List<ManifestDocument> read(Path path, boolean recursive) throws IOException {
        if (!Files.exists(path)) {
            throw CliFailure.usage("no such file or directory: " + path);
        }
        if (!Files.isDirectory(path)) {
            return parse(path.toString(), Files.readString(path), isJson(path));
        }
        List<Path> files;
        try (Stream<Path> found = recursive ? Files.walk(path) : Files.list(path)) {
            files = found.filter(Files::isRegularFile).filter(ManifestFiles::isManifestFile).sorted().toList();
        }
        if (files.isEmpty()) {
            throw CliFailure.usage(path + " holds no *.yaml, *.yml or *.json files"
                    + (recursive ? "" : " (use -R for its subdirectories)"));
        }
        List<ManifestDocument> documents = new ArrayList<>();
        for (Path file : files) {
            documents.addAll(parse(file.toString(), Files.readString(file), isJson(file)));
        }
        return documents;
    }

    /** The manifests in a text; {@code source} names it in messages (a file name, "stdin", a resource). */
    public static List<ManifestDocument> parse(String source, String text, boolean json) {
        List<JsonNode> nodes = json ? jsonDocuments(source, text) : yamlDocuments(source, text);
        if (nodes.isEmpty()) {
            throw ManifestReaderFailure.syntax(source, "holds no manifest");
        }
        List<ManifestDocument> documents = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            ManifestDocument placeholder = new ManifestDocument(source, i + 1, nodes.size(), JsonObject.EMPTY);
            if (!node.isObject()) {
                throw ManifestReaderFailure.syntax(placeholder.source(),
                        "a manifest is a mapping with apiVersion, kind, metadata and spec");
            }
            documents.add(new ManifestDocument(source, i + 1, nodes.size(), (JsonObject) JacksonJson.toCore(node)));
        }
        return documents;
    }

    private static List<JsonNode> yamlDocuments(String source, String text) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (iterator.hasNextValue()) {
                JsonNode document = iterator.nextValue();
                // "---" at the end of a file, or between comments only, makes an empty document: nothing to apply.
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (JacksonException e) {
            throw syntaxError(source, "not valid YAML", e);
        } catch (IOException e) {
            throw syntaxError(source, "cannot be read", e);
        }
        return documents;
    }

    private static List<JsonNode> jsonDocuments(String source, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw syntaxError(source, "not valid JSON", e);
        }
        if (root == null || root.isMissingNode()) {
            return List.of();
        }
        List<JsonNode> documents = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(documents::add);
        } else {
            documents.add(root);
        }
        return documents;
    }

    private static CliFailure syntaxError(String source, String what, IOException e) {
        String where = "";
        if (e instanceof JacksonException jackson) {
            JsonLocation location = jackson.getLocation();
            if (location != null && location.getLineNr() > 0) {
                where = " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            }
            return ManifestReaderFailure.syntax(source, what + where + ": " + problem(jackson));
        }
        return ManifestReaderFailure.syntax(source, what + ": " + e.getMessage());
    }

    /** The YAML parser's own words without the quoted context lines, which would not fit on one line. */
    private static String problem(JacksonException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            return marked.getProblem();
        }
        return e.getOriginalMessage();
    }

    private static boolean isManifestFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static boolean isJson(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }
}
