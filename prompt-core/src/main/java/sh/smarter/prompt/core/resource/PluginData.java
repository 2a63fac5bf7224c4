package sh.smarter.prompt.core.resource;

import java.util.Map;
import java.util.Objects;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.JsonObject;

/** What a plugin does when its tool is called. */
public sealed interface PluginData {

    /** The plugin class as written in manifests. */
    String pluginClass();

    /** Answers from a fixed JSON object, keyed by inquiry type (its top-level keys). */
    record StaticData(JsonObject data) implements PluginData {
        public StaticData {
            Objects.requireNonNull(data, "data");
            if (data.size() == 0) {
                throw PromptException.invalid("staticData must have at least one key");
            }
        }

        @Override
        public String pluginClass() {
            return "static";
        }
    }

    /**
     * A parameterised query on a named SQL connection. Each {@code {name}} in the SQL is bound as a statement
     * parameter, never spliced into the text.
     */
    record SqlData(String connection, String sqlQuery, int limit) implements PluginData {
        public static final int DEFAULT_LIMIT = 100;

        public SqlData {
            ResourceName.require("sqlData.connection", connection);
            if (sqlQuery == null || sqlQuery.isBlank()) {
                throw PromptException.invalid("sqlData.sqlQuery must not be empty");
            }
            limit = limit <= 0 ? DEFAULT_LIMIT : limit;
        }

        @Override
        public String pluginClass() {
            return "sql";
        }
    }

    /** An HTTP call on a named API connection: base URL + endpoint, arguments as query (GET) or JSON body (POST). */
    record ApiData(String connection, String endpoint, String method, Map<String, String> headers)
            implements PluginData {
        public ApiData {
            ResourceName.require("apiData.connection", connection);
            endpoint = endpoint == null ? "" : endpoint;
            method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
            if (!method.equals("GET") && !method.equals("POST")) {
                throw PromptException.invalid("apiData.method must be GET or POST");
            }
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        @Override
        public String pluginClass() {
            return "api";
        }
    }
}
