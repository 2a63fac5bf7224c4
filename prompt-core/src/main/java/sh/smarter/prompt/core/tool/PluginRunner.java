package sh.smarter.prompt.core.tool;

import java.util.Objects;
import java.util.Optional;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.plugintarget.PluginTargets;
import sh.smarter.prompt.core.plugintarget.TargetRefusal;
import sh.smarter.prompt.core.provider.ToolDefinition;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginParameter;

/**
 * Presents plugins to the model as tools and executes their calls: static plugins here, SQL and API plugins
 * through their ports. Every failure is returned as {@code {"error": "..."}} so the model can explain it.
 */
public final class PluginRunner {
    private final ChatbotLookup lookup;
    private final SqlPluginExecutor sql;
    private final ApiPluginExecutor api;
    private final PluginTargets targets;

    /** {@code sql} and {@code api} may be null in installations without those adapters. */
    public PluginRunner(ChatbotLookup lookup, SqlPluginExecutor sql, ApiPluginExecutor api) {
        this(lookup, sql, api, PluginTargets.defaults());
    }

    /** @param targets checked again before every call: a connection stored before a rule existed does not run */
    public PluginRunner(ChatbotLookup lookup, SqlPluginExecutor sql, ApiPluginExecutor api,
                        PluginTargets targets) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.sql = sql;
        this.api = api;
        this.targets = Objects.requireNonNull(targets, "targets");
    }

    public static ToolDefinition definitionOf(Plugin plugin) {
        JsonObject parameters;
        if (plugin.data() instanceof PluginData.StaticData data) {
            parameters = JsonObject.builder()
                    .put("type", "object")
                    .put("properties", JsonObject.builder()
                            .put("inquiry_type", JsonObject.builder()
                                    .put("type", "string")
                                    .put("enum", JsonArray.ofStrings(data.data().keys()))
                                    .build())
                            .build())
                    .put("required", JsonArray.of(Json.of("inquiry_type")))
                    .build();
        } else {
            JsonObject.Builder properties = JsonObject.builder();
            JsonArray.Builder required = JsonArray.builder();
            for (PluginParameter p : plugin.parameters()) {
                JsonObject.Builder property = JsonObject.builder()
                        .put("type", p.type())
                        .put("description", p.description());
                if (!p.enumValues().isEmpty()) {
                    property.put("enum", JsonArray.ofStrings(p.enumValues()));
                }
                if (p.defaultValue() != null && !p.defaultValue().isNull()) {
                    property.put("default", p.defaultValue());
                }
                properties.put(p.name(), property.build());
                if (p.required()) {
                    required.add(p.name());
                }
            }
            parameters = JsonObject.builder()
                    .put("type", "object")
                    .put("properties", properties.build())
                    .put("required", required.build())
                    .put("additionalProperties", false)
                    .build();
        }
        return new ToolDefinition(PluginToolName.of(plugin.id()), plugin.description(), parameters);
    }

    public Json run(Plugin plugin, JsonObject arguments) {
        PluginData data = plugin.data();
        if (data instanceof PluginData.StaticData staticData) {
            return answerFromStaticData(staticData, arguments);
        }
        Optional<String> invalid = checkArguments(plugin, arguments);
        if (invalid.isPresent()) {
            return BuiltInFunction.error(invalid.get());
        }
        if (data instanceof PluginData.SqlData query) {
            if (sql == null) {
                return BuiltInFunction.error("SQL plugins are not available in this installation");
            }
            return lookup.findSqlConnection(plugin.accountId(), query.connection())
                    .map(connection -> targets.checkSqlConnection(connection)
                            .or(() -> targets.checkSqlQuery(connection, query.sqlQuery()))
                            .map(refusal -> refused("SQL connection " + connection.name(), refusal))
                            .orElseGet(() -> sql.execute(connection, query, withDefaults(plugin, arguments))))
                    .orElseGet(() -> BuiltInFunction.error("SQL connection " + query.connection() + " not found"));
        }
        PluginData.ApiData call = (PluginData.ApiData) data;
        if (api == null) {
            return BuiltInFunction.error("API plugins are not available in this installation");
        }
        return lookup.findApiConnection(plugin.accountId(), call.connection())
                .map(connection -> targets.checkApiConnection(connection)
                        .map(refusal -> refused("API connection " + connection.name(), refusal))
                        .orElseGet(() -> api.execute(connection, call, withDefaults(plugin, arguments))))
                .orElseGet(() -> BuiltInFunction.error("API connection " + call.connection() + " not found"));
    }

    private static Json refused(String connection, TargetRefusal refusal) {
        return BuiltInFunction.error(connection + " cannot be used: " + refusal.message());
    }

    private static Json answerFromStaticData(PluginData.StaticData data, JsonObject arguments) {
        Json inquiry = arguments.get("inquiry_type");
        if (!(inquiry instanceof JsonString type)) {
            return BuiltInFunction.error("inquiry_type is required, one of " + data.data().keys());
        }
        if (!data.data().has(type.value())) {
            return BuiltInFunction.error("unknown inquiry_type, expected one of " + data.data().keys());
        }
        return data.data().get(type.value());
    }

    /** Rejects unknown arguments, missing required ones and values outside an enum, before any I/O. */
    static Optional<String> checkArguments(Plugin plugin, JsonObject arguments) {
        for (String key : arguments.keys()) {
            if (plugin.parameters().stream().noneMatch(p -> p.name().equals(key))) {
                return Optional.of("unknown argument " + key);
            }
        }
        for (PluginParameter p : plugin.parameters()) {
            Json value = arguments.get(p.name());
            if (value.isNull()) {
                if (p.required() && (p.defaultValue() == null || p.defaultValue().isNull())) {
                    return Optional.of("argument " + p.name() + " is required");
                }
                continue;
            }
            if (!p.enumValues().isEmpty() && !p.enumValues().contains(value.asText())) {
                return Optional.of("argument " + p.name() + " must be one of " + p.enumValues());
            }
        }
        return Optional.empty();
    }

    private static JsonObject withDefaults(Plugin plugin, JsonObject arguments) {
        JsonObject.Builder complete = arguments.toBuilder();
        for (PluginParameter p : plugin.parameters()) {
            if (arguments.get(p.name()).isNull()) {
                complete.put(p.name(), p.defaultValue() == null ? null : p.defaultValue());
            }
        }
        return complete.build();
    }
}
