package sh.smarter.prompt.core.manifest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginParameter;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.resource.PromptOverrides;

/** Reads the three plugin kinds: selector and prompt overrides in common, then static, SQL or API data. */
final class PluginReader {
    private static final Pattern SQL_PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private PluginReader() {
    }

    /** What differs between plugin classes. */
    private record PluginBody(String description, List<PluginParameter> parameters, PluginData data) {
    }

    static Plugin plugin(JsonObject manifest, Instant now) {
        return ManifestEnvelope.read(manifest, PluginKinds.ALL, (kind, metadata, spec) -> {
            PluginSelector selector = spec.object("selector", PluginReader::selector);
            PromptOverrides prompt = spec.object("prompt", PluginReader::promptOverrides);
            PluginBody body = switch (kind) {
                case PLUGIN -> staticBody(spec);
                case SQL_PLUGIN -> sqlBody(spec);
                case API_PLUGIN -> apiBody(spec);
                default -> throw new IllegalArgumentException(kind + " is not a plugin kind");
            };
            // The data's description is what the model reads about the tool; the metadata's is for people.
            String description = body.description() == null ? metadata.description() : body.description();
            return spec.build(() -> new Plugin(0, 0, metadata.name(), description, metadata.version(), selector,
                    prompt, body.parameters(), body.data(), now, now));
        });
    }

    private static PluginSelector selector(Fields selector) {
        String directive = selector.requiredString("directive");
        List<String> terms = selector.strings("searchTerms");
        return switch (directive) {
            case "always" -> PluginSelector.ALWAYS;
            case "search_terms", "searchTerms" -> {
                if (terms == null || terms.isEmpty()) {
                    throw selector.invalid("searchTerms", "must list at least one term when the directive is "
                            + directive);
                }
                yield selector.build(() -> PluginSelector.searchTerms(terms));
            }
            default -> throw selector.invalid("directive", "must be always or search_terms");
        };
    }

    private static PromptOverrides promptOverrides(Fields prompt) {
        prompt.ignore("provider"); // a plugin cannot switch provider; the chatbot's is used
        return new PromptOverrides(prompt.string("systemRole"), prompt.string("model"),
                prompt.numberBetween("temperature", 0.0, 2.0), prompt.positiveInteger("maxTokens"));
    }

    private static PluginBody staticBody(Fields spec) {
        return spec.requiredObject("data", data -> {
            JsonObject answers = data.anyObject("staticData");
            if (answers == null || answers.size() == 0) {
                throw data.invalid("staticData", "is required and must have at least one key");
            }
            return new PluginBody(data.string("description"), List.of(), new PluginData.StaticData(answers));
        });
    }

    private static PluginBody sqlBody(Fields spec) {
        String connectionAtSpec = spec.optionalName("connection");
        return payload(spec, "sqlData", sql -> {
            String connection = connection(spec, connectionAtSpec, sql);
            String query = sql.requiredString("sqlQuery");
            List<PluginParameter> parameters = sql.objects("parameters", PluginReader::parameter);
            requireDeclaredPlaceholders(sql, query, parameters);
            Integer limit = sql.positiveInteger("limit");
            sql.ignore("testValues");
            return new PluginBody(sql.string("description"), parameters,
                    sql.build(() -> new PluginData.SqlData(connection, query, limit == null ? 0 : limit)));
        });
    }

    /** Every {@code {name}} the query binds must be a declared parameter, or the query could never run. */
    private static void requireDeclaredPlaceholders(Fields sql, String query, List<PluginParameter> parameters) {
        Set<String> declared = parameters.stream().map(PluginParameter::name).collect(Collectors.toSet());
        Matcher placeholder = SQL_PLACEHOLDER.matcher(query);
        while (placeholder.find()) {
            if (!declared.contains(placeholder.group(1))) {
                throw sql.invalid("sqlQuery", "uses {" + placeholder.group(1) + "}, which is not declared in "
                        + sql.pathOf("parameters"));
            }
        }
    }

    private static PluginBody apiBody(Fields spec) {
        String connectionAtSpec = spec.optionalName("connection");
        return payload(spec, "apiData", api -> {
            String connection = connection(spec, connectionAtSpec, api);
            String endpoint = api.string("endpoint");
            String method = api.string("method");
            if (method != null && !Set.of("GET", "POST").contains(method.toUpperCase(Locale.ROOT))) {
                throw api.invalid("method", "must be GET or POST");
            }
            Map<String, String> headers = headers(api);
            List<PluginParameter> parameters = api.objects("parameters", PluginReader::parameter);
            // The request body is built from the parameters, and the Smarter test/limit settings have no use here.
            api.ignore("body", "urlParams", "testValues", "limit");
            return new PluginBody(api.string("description"), parameters,
                    api.build(() -> new PluginData.ApiData(connection, endpoint, method, headers)));
        });
    }

    private static Map<String, String> headers(Fields api) {
        List<Map.Entry<String, String>> entries = api.objects("headers",
                header -> Map.entry(header.requiredString("name"), header.requiredString("value")));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            if (headers.put(entries.get(i).getKey(), entries.get(i).getValue()) != null) {
                throw PromptException.invalid(api.elementPath("headers", i) + ".name repeats "
                        + entries.get(i).getKey());
            }
        }
        return headers;
    }

    /**
     * A SQL or API plugin's payload ({@code sqlData}, {@code apiData}) sits directly under {@code spec}, as Smarter
     * writes it, or under {@code spec.data}.
     */
    private static PluginBody payload(Fields spec, String key, Function<Fields, PluginBody> reader) {
        if (!spec.has("data")) {
            return spec.requiredObject(key, reader);
        }
        if (spec.has(key)) {
            throw spec.invalid(key, "and " + spec.pathOf("data") + " both hold the plugin's data; give only one");
        }
        return spec.requiredObject("data", data -> data.requiredObject(key, reader));
    }

    /** The connection is named at {@code spec.connection} (Smarter's place) or inside the payload. */
    private static String connection(Fields spec, String atSpec, Fields payload) {
        String inPayload = payload.optionalName("connection");
        if (atSpec != null && inPayload != null && !atSpec.equals(inPayload)) {
            throw payload.invalid("connection", "differs from " + spec.pathOf("connection"));
        }
        if (atSpec == null && inPayload == null) {
            throw spec.invalid("connection", "is required");
        }
        return atSpec != null ? atSpec : inPayload;
    }

    private static PluginParameter parameter(Fields parameter) {
        String name = parameter.requiredString("name");
        String type = parameter.string("type");
        String description = parameter.string("description");
        boolean required = Boolean.TRUE.equals(parameter.bool("required"));
        List<String> enumValues = parameter.strings("enum");
        Json defaultValue = parameter.value("default");
        return parameter.build(() -> new PluginParameter(name, type, description, required, enumValues,
                defaultValue));
    }
}
