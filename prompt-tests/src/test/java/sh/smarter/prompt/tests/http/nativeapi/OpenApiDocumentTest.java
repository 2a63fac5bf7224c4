package sh.smarter.prompt.tests.http.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.nativeapi.PromptApiServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import sh.smarter.prompt.http.nativeapi.JavalinNativeApiRoutes;
import sh.smarter.prompt.http.openai.JavalinOpenAiRoutes;

/** The OpenAPI document served at a fixed path describes exactly the routes served under /api/v2 and /v1. */
class OpenApiDocumentTest {
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    @RegisterExtension
    static final PromptApiServer api = PromptApiServer.start();
    private static JsonNode document;

    @BeforeAll
    static void loadDocument() {
        HttpResponse<String> response = api.get(JavalinNativeApiRoutes.OPENAPI_JSON, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        document = json(response);
    }

    @Test
    void every_served_route_is_documented_and_nothing_else() {
        Set<String> served = new TreeSet<>();
        new JavalinNativeApiRoutes(api.engine).routes().forEach(route -> {
            assertThat(route.path()).startsWith(JavalinNativeApiRoutes.PREFIX + "/");
            served.add(route.method().name().toLowerCase(Locale.ROOT) + " " + route.path());
        });
        new JavalinOpenAiRoutes(api.engine).routes().forEach(route -> {
            assertThat(route.path()).startsWith(JavalinOpenAiRoutes.PREFIX + "/");
            served.add(route.method().name().toLowerCase(Locale.ROOT) + " " + route.path());
        });
        Set<String> documented = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> {
                    if (Set.of("get", "post", "put", "patch", "delete", "head", "options").contains(method)) {
                        documented.add(method + " " + path.getKey());
                    }
                }));
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void every_operation_declares_its_path_parameters_and_responses() {
        assertThat(document.get("openapi").asText()).startsWith("3.1");
        document.get("paths").fields().forEachRemaining(path -> {
            Set<String> inTemplate = new HashSet<>();
            Matcher m = PATH_PARAMETER.matcher(path.getKey());
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            path.getValue().fields().forEachRemaining(operation -> {
                String where = operation.getKey() + " " + path.getKey();
                Set<String> declared = new HashSet<>();
                operation.getValue().path("parameters").forEach(parameter -> {
                    JsonNode resolved = resolve(parameter);
                    if (resolved.path("in").asText().equals("path")) {
                        declared.add(resolved.get("name").asText());
                        assertThat(resolved.path("required").asBoolean()).as(where).isTrue();
                    }
                });
                assertThat(declared).as(where).isEqualTo(inTemplate);
                assertThat(operation.getValue().path("operationId").asText()).as(where).isNotBlank();
                JsonNode responses = operation.getValue().get("responses");
                assertThat(responses).as(where).isNotNull();
                responses.forEach(response -> assertThat(resolve(response).path("description").asText())
                        .as(where).isNotBlank());
            });
        });
    }

    @Test
    void every_reference_resolves() {
        Set<String> refs = new TreeSet<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        refs.forEach(ref -> assertThat(resolve(ref).isMissingNode()).as(ref).isFalse());
    }

    @Test
    void the_yaml_form_is_the_same_document() throws Exception {
        HttpResponse<String> yaml = api.get(JavalinNativeApiRoutes.OPENAPI_YAML, null);
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(new YAMLMapper().readTree(yaml.body())).isEqualTo(document);
    }

    private static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.isObject() && node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? resolve(node.get("$ref").asText()) : node;
    }

    private static JsonNode resolve(String ref) {
        assertThat(ref).startsWith("#/");
        return document.at(ref.substring(1));
    }
}
