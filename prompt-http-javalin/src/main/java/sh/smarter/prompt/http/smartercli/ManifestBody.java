package sh.smarter.prompt.http.smartercli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.wire.json.JacksonJson;

/**
 * A manifest posted to {@code apply/}: YAML when the Content-Type says YAML, JSON when it says JSON and the body
 * is a JSON object. The Go client posts its YAML files labelled {@code application/json}, so a "JSON" body that
 * does not start like a JSON object is read as YAML (of which JSON is a subset anyway).
 */
final class ManifestBody {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ManifestBody() {
    }

    static JsonObject read(Context ctx) {
        String text = new String(HttpRequests.bodyBytes(ctx), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw PromptException.invalid("the request body is empty: post a YAML or JSON manifest");
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        boolean json = !type.contains("yaml") && text.stripLeading().startsWith("{");
        JsonNode tree = json ? parse(HttpJson.MAPPER::readTree, text, "JSON") : parse(YAML::readTree, text, "YAML");
        if (tree == null || !tree.isObject()) {
            throw PromptException.invalid("a manifest must be a " + (json ? "JSON object" : "YAML mapping")
                    + " with apiVersion, kind, metadata and spec");
        }
        return (JsonObject) JacksonJson.toCore(tree);
    }

    private interface Parser {
        JsonNode parse(String text) throws JsonProcessingException;
    }

    private static JsonNode parse(Parser parser, String text, String format) {
        try {
            return parser.parse(text);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            String reason = e.getOriginalMessage() == null ? "" : ": " + firstLine(e.getOriginalMessage());
            throw PromptException.invalid("malformed " + format + " manifest" + at + reason);
        }
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
