package sh.smarter.prompt.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.ResourceCatalog;

/** Manifests of every kind in the Smarter form, and small tools to vary them. */
public final class Manifests {
    public static final String ACCOUNT_NUMBER = "0000-0000-0001";

    public static final String CHATBOT = """
            {"apiVersion": "smarter.sh/v1", "kind": "Chatbot",
             "metadata": {"name": "example", "description": "An example chatbot", "version": "1.0.0",
                          "tags": ["demo"], "annotations": [{"smarter.sh/tests/focus-level": "low"}]},
             "spec": {"apiKey": null,
                      "config": {"provider": "openai", "defaultModel": "gpt-4o-mini",
                                 "defaultSystemRole": "You are a helpful assistant.", "defaultTemperature": 0.5,
                                 "defaultMaxTokens": 256, "appName": "Example", "appAssistant": "Smarter",
                                 "appWelcomeMessage": "Welcome!", "appExamplePrompts": ["What is 2+2?"],
                                 "appPlaceholder": "Ask me anything", "appInfoUrl": "https://example.com",
                                 "appBackgroundImageUrl": null, "appLogoUrl": null, "appFileAttachment": false,
                                 "deployed": true, "requiresApiKey": false, "allowedOrigins": ["https://example.com"],
                                 "customDomain": null, "subdomain": null, "dnsVerificationStatus": "Verified"},
                      "functions": ["calculator", "date_calculator"],
                      "plugins": ["course_catalogue"]}}
            """;

    public static final String STATIC_PLUGIN = """
            {"apiVersion": "smarter.sh/v1", "kind": "Plugin",
             "metadata": {"name": "course_catalogue", "pluginClass": "static", "description": "Our courses",
                          "version": "0.2.0", "tags": ["courses"]},
             "spec": {"selector": {"directive": "search_terms", "searchTerms": ["course", "courses"]},
                      "prompt": {"provider": "openai", "systemRole": "You know our courses.",
                                 "model": "gpt-4o-mini", "temperature": 1.0, "maxTokens": 256},
                      "data": {"description": "Answers questions about the course catalogue",
                               "staticData": {"courses": [{"title": "Python 101", "cost": 199}],
                                              "contact": "courses@example.com"}}}}
            """;

    public static final String SQL_CONNECTION = """
            {"apiVersion": "smarter.sh/v1", "kind": "SqlConnection",
             "metadata": {"name": "course_db", "description": "The course database", "version": "0.1.0"},
             "spec": {"connection": {"url": "jdbc:mysql://db.example.com:3306/courses", "username": "reader",
                                     "password": "s3cret-passw0rd", "timeout": 30, "poolSize": 5,
                                     "maxOverflow": 10, "useSsl": false, "authenticationMethod": "tcpip"}}}
            """;

    public static final String SQL_PLUGIN = """
            {"apiVersion": "smarter.sh/v1", "kind": "SqlPlugin",
             "metadata": {"name": "course_search", "pluginClass": "sql", "description": "Course search",
                          "version": "0.1.0"},
             "spec": {"selector": {"directive": "always"},
                      "prompt": {"systemRole": "Look courses up.", "temperature": 0.5, "maxTokens": 2048},
                      "connection": "course_db",
                      "sqlData": {"description": "Finds courses by topic and price",
            "sqlQuery": "SELECT title FROM courses WHERE title LIKE CONCAT('%', {topic}, '%') AND cost <= {max_cost}",
                                  "parameters": [
                                    {"name": "topic", "type": "string", "description": "A topic",
                                     "required": false, "enum": ["AI", "web"]},
                                    {"name": "max_cost", "type": "number", "description": "Highest price",
                                     "required": false, "enum": null, "default": 500}],
                                  "testValues": [{"name": "topic", "value": "AI"}],
                                  "limit": 10}}}
            """;

    public static final String API_CONNECTION = """
            {"apiVersion": "smarter.sh/v1", "kind": "ApiConnection",
             "metadata": {"name": "course_api", "description": "The course API", "version": "0.1.0"},
             "spec": {"connection": {"baseUrl": "https://api.example.com", "authenticationMethod": "bearer",
                                     "apiKey": "sk-course-api-key-1234", "timeout": 30, "headers": {},
                                     "method": "GET", "parameters": {}, "port": 443, "useSsl": true,
                                     "maxOverflow": 10, "poolSize": 5}}}
            """;

    public static final String API_PLUGIN = """
            {"apiVersion": "smarter.sh/v1", "kind": "ApiPlugin",
             "metadata": {"name": "course_lookup", "pluginClass": "api", "description": "Course lookup",
                          "version": "0.1.0"},
             "spec": {"selector": {"directive": "always"},
                      "connection": "course_api",
                      "apiData": {"description": "Looks a course up by code", "endpoint": "/courses/",
                                  "method": "GET", "headers": [{"name": "Accept", "value": "application/json"}],
                                  "parameters": [{"name": "code", "type": "string", "description": "Course code",
                                                  "required": true}],
                                  "body": null, "urlParams": null, "testValues": [], "limit": 10}}}
            """;

    public static final String PROVIDER = """
            {"apiVersion": "smarter.sh/v1", "kind": "Provider",
             "metadata": {"name": "local_ollama", "description": "Ollama on this machine"},
             "spec": {"provider": {"name": "Ollama", "baseUrl": "http://localhost:11434/v1/",
                                   "defaultModel": "llama3.2", "website_url": "https://ollama.com"}}}
            """;

    public static final String ACCOUNT = """
            {"apiVersion": "smarter.sh/v1", "kind": "Account",
             "metadata": {"name": "Example Co"},
             "spec": {"accountNumber": "3141-5926-5359",
                      "config": {"phoneNumber": "+1 555 0100", "city": "Boston", "country": "US"}}}
            """;

    private static final Pattern INDEXED = Pattern.compile("(\\w+)\\[(\\d+)]");

    private Manifests() {
    }

    public static JsonObject json(String text) {
        return (JsonObject) Json.parse(text);
    }

    /** A copy with the value at a dotted path ("spec.sqlData.parameters[0].type") set; JSON null removes it. */
    public static JsonObject with(JsonObject manifest, String path, Json value) {
        return (JsonObject) replace(manifest, List.of(path.split("\\.")), value);
    }

    public static JsonObject without(JsonObject manifest, String path) {
        return with(manifest, path, null);
    }

    private static Json replace(JsonObject object, List<String> path, Json value) {
        Matcher indexed = INDEXED.matcher(path.get(0));
        List<String> rest = path.subList(1, path.size());
        JsonObject.Builder copy = object.toBuilder();
        if (indexed.matches()) {
            String key = indexed.group(1);
            List<Json> items = new ArrayList<>(((JsonArray) object.get(key)).items());
            int index = Integer.parseInt(indexed.group(2));
            items.set(index, rest.isEmpty() ? value : replace((JsonObject) items.get(index), rest, value));
            return copy.put(key, new JsonArray(items)).build();
        }
        String key = path.get(0);
        if (!rest.isEmpty()) {
            return copy.put(key, replace((JsonObject) object.get(key), rest, value)).build();
        }
        return value == null ? copy.remove(key).build() : copy.put(key, value).build();
    }

    /** The call fails with a {@link PromptException} of this kind whose message starts as given. */
    public static void assertFails(ThrowingCallable call, ErrorKind kind, String messageStart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PromptException.class, e -> {
            assertThat(e.getMessage()).startsWith(messageStart);
            assertThat(e.kind()).isEqualTo(kind);
        });
    }

    /** Everything the catalog holds, to show that a rejected manifest changed nothing. */
    public static List<Object> contentsOf(ResourceCatalog catalog) {
        List<Object> contents = new ArrayList<>(catalog.listAccounts());
        catalog.listAccounts().forEach(account -> {
            contents.addAll(catalog.listChatbots(account.id()));
            contents.addAll(catalog.listPlugins(account.id()));
            contents.addAll(catalog.listSqlConnections(account.id()));
            contents.addAll(catalog.listApiConnections(account.id()));
            contents.addAll(catalog.listProviders(account.id()));
        });
        return contents;
    }
}
