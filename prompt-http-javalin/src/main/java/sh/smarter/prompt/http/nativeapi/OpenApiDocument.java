package sh.smarter.prompt.http.nativeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;

/**
 * The hand-written OpenAPI 3.1 description of the native API, kept as YAML beside the code and served as YAML and
 * as JSON. Read once at start-up: a missing or broken document stops the server instead of serving nothing.
 */
public final class OpenApiDocument {
    public static final String RESOURCE = "/openapi/native-api.yaml";
    private static final Endpoint OPENAPI = new Endpoint("openapi", "OpenApi");

    private final String yaml;
    private final String json;

    private OpenApiDocument(String yaml, JsonNode tree) {
        this.yaml = yaml;
        this.json = HttpJson.write(tree);
    }

    public static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the build");
            }
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new OpenApiDocument(yaml, new YAMLMapper().readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document " + RESOURCE + " cannot be read", e);
        }
    }

    void serveJson(Context ctx) {
        HttpRequests.describe(ctx, OPENAPI);
        ctx.status(200).contentType("application/json").result(json);
    }

    void serveYaml(Context ctx) {
        HttpRequests.describe(ctx, OPENAPI);
        ctx.status(200).contentType("application/yaml").result(yaml);
    }
}
