package sh.smarter.prompt.core.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginParameter;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.resource.PromptOverrides;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;

/**
 * Writes domain values as manifests in the shape {@link ManifestReader} reads, with camelCase keys. Secrets never
 * appear in clear: a stored value is masked ("****" + last four), an environment secret is written as the
 * variable's name ({@code passwordEnv}, {@code apiKeyEnv}). Absent optional values are left out.
 */
public final class ManifestWriter {

    private ManifestWriter() {
    }

    public static JsonObject account(Account account) {
        return manifest(ResourceKind.ACCOUNT, JsonObject.builder().put("name", account.displayName()),
                JsonObject.builder().put("accountNumber", account.number().value())
                        .putIfNotNull("dailyTokenBudget", account.dailyTokenBudget()));
    }

    public static JsonObject chatbot(Chatbot chatbot) {
        JsonObject config = JsonObject.builder()
                .put("provider", chatbot.provider())
                .put("defaultModel", chatbot.defaultModel())
                .put("defaultSystemRole", chatbot.defaultSystemRole())
                .put("defaultTemperature", chatbot.defaultTemperature())
                .put("defaultMaxTokens", chatbot.defaultMaxTokens())
                .put("appName", chatbot.appName())
                .put("appAssistant", chatbot.appAssistant())
                .put("appWelcomeMessage", chatbot.appWelcomeMessage())
                .put("appExamplePrompts", JsonArray.ofStrings(chatbot.appExamplePrompts()))
                .put("appPlaceholder", chatbot.appPlaceholder())
                .putIfNotNull("appInfoUrl", chatbot.appInfoUrl())
                .putIfNotNull("appBackgroundImageUrl", chatbot.appBackgroundImageUrl())
                .putIfNotNull("appLogoUrl", chatbot.appLogoUrl())
                .put("appFileAttachment", chatbot.appFileAttachment())
                .put("deployed", chatbot.deployed())
                .put("requiresApiKey", chatbot.requiresApiKey())
                .put("allowedOrigins", JsonArray.ofStrings(chatbot.allowedOrigins()))
                .putIfNotNull("dailyTokenBudget", chatbot.dailyTokenBudget())
                .build();
        JsonObject.Builder spec = JsonObject.builder()
                .put("config", config)
                .put("functions", JsonArray.ofStrings(chatbot.functions()))
                .put("plugins", JsonArray.ofStrings(chatbot.plugins()));
        return manifest(ResourceKind.CHATBOT,
                describedMetadata(chatbot.name(), chatbot.description(), chatbot.version()), spec);
    }

    /** Static, SQL and API plugins, each as its own kind. SQL and API data sit under spec, as Smarter has them. */
    public static JsonObject plugin(Plugin plugin) {
        PluginData data = plugin.data();
        JsonObject.Builder spec = JsonObject.builder().put("selector", selector(plugin.selector()));
        JsonObject prompt = prompt(plugin.prompt());
        if (prompt.size() > 0) {
            spec.put("prompt", prompt);
        }
        if (data instanceof PluginData.StaticData answers) {
            spec.put("data", JsonObject.builder()
                    .put("description", plugin.description())
                    .put("staticData", answers.data())
                    .build());
        } else if (data instanceof PluginData.SqlData sql) {
            spec.put("connection", sql.connection()).put("sqlData", JsonObject.builder()
                    .put("description", plugin.description())
                    .put("sqlQuery", sql.sqlQuery())
                    .put("parameters", parameters(plugin.parameters()))
                    .put("limit", sql.limit())
                    .build());
        } else if (data instanceof PluginData.ApiData api) {
            spec.put("connection", api.connection()).put("apiData", JsonObject.builder()
                    .put("description", plugin.description())
                    .put("endpoint", api.endpoint())
                    .put("method", api.method())
                    .put("headers", headers(api.headers()))
                    .put("parameters", parameters(plugin.parameters()))
                    .build());
        }
        JsonObject.Builder metadata = describedMetadata(plugin.name(), plugin.description(), plugin.version())
                .put("pluginClass", data.pluginClass());
        return manifest(PluginKinds.kindOf(data), metadata, spec);
    }

    public static JsonObject sqlConnection(SqlConnection connection) {
        JsonObject.Builder spec = JsonObject.builder()
                .put("url", connection.jdbcUrl())
                .putIfNotNull("username", connection.username());
        putSecret(spec, "password", "passwordEnv", connection.password());
        spec.put("timeout", connection.timeoutSeconds());
        return manifest(ResourceKind.SQL_CONNECTION, JsonObject.builder().put("name", connection.name()),
                JsonObject.builder().put("connection", spec.build()));
    }

    public static JsonObject apiConnection(ApiConnection connection) {
        JsonObject.Builder spec = JsonObject.builder()
                .put("baseUrl", connection.baseUrl())
                .put("authenticationMethod", connection.authScheme())
                .putIfNotNull("authHeader", connection.authHeader());
        putSecret(spec, "apiKey", "apiKeyEnv", connection.credential());
        spec.put("timeout", connection.timeoutSeconds());
        return manifest(ResourceKind.API_CONNECTION, JsonObject.builder().put("name", connection.name()),
                JsonObject.builder().put("connection", spec.build()));
    }

    public static JsonObject provider(ProviderSettings provider) {
        JsonObject.Builder spec = JsonObject.builder().put("baseUrl", provider.baseUrl());
        putSecret(spec, "apiKey", "apiKeyEnv", provider.apiKey());
        spec.putIfNotNull("defaultModel", provider.defaultModel()).put("apiKeyRequired", provider.apiKeyRequired());
        return manifest(ResourceKind.PROVIDER, JsonObject.builder().put("name", provider.name()),
                JsonObject.builder().put("provider", spec.build()));
    }

    /** The manifest plus the {@code status} block that get and describe show. Timestamps are ISO-8601 instants. */
    public static JsonObject withStatus(JsonObject manifest, AccountNumber account, Instant created,
                                        Instant modified) {
        return manifest.toBuilder().put("status", JsonObject.builder()
                .put("accountNumber", account.value())
                .put("created", created.toString())
                .put("modified", modified.toString())
                .build()).build();
    }

    private static JsonObject manifest(ResourceKind kind, JsonObject.Builder metadata, JsonObject.Builder spec) {
        return JsonObject.builder()
                .put("apiVersion", ManifestReader.API_VERSION)
                .put("kind", kind.manifestName())
                .put("metadata", metadata.build())
                .put("spec", spec.build())
                .build();
    }

    private static JsonObject.Builder describedMetadata(String name, String description, String version) {
        return JsonObject.builder().put("name", name).put("description", description).put("version", version);
    }

    private static JsonObject selector(PluginSelector selector) {
        if (selector instanceof PluginSelector.SearchTerms terms) {
            return JsonObject.builder()
                    .put("directive", "search_terms")
                    .put("searchTerms", JsonArray.ofStrings(terms.terms()))
                    .build();
        }
        return JsonObject.builder().put("directive", "always").build();
    }

    private static JsonObject prompt(PromptOverrides prompt) {
        return JsonObject.builder()
                .putIfNotNull("systemRole", prompt.systemRole())
                .putIfNotNull("model", prompt.model())
                .putIfNotNull("temperature", prompt.temperature())
                .putIfNotNull("maxTokens", prompt.maxTokens())
                .build();
    }

    private static JsonArray parameters(List<PluginParameter> parameters) {
        JsonArray.Builder array = JsonArray.builder();
        for (PluginParameter parameter : parameters) {
            JsonObject.Builder item = JsonObject.builder()
                    .put("name", parameter.name())
                    .put("type", parameter.type())
                    .put("description", parameter.description())
                    .put("required", parameter.required());
            if (!parameter.enumValues().isEmpty()) {
                item.put("enum", JsonArray.ofStrings(parameter.enumValues()));
            }
            if (parameter.defaultValue() != null && !parameter.defaultValue().isNull()) {
                item.put("default", parameter.defaultValue());
            }
            array.add(item.build());
        }
        return array.build();
    }

    /** Sorted by name, so the same plugin always gives the same manifest. */
    private static JsonArray headers(Map<String, String> headers) {
        JsonArray.Builder array = JsonArray.builder();
        new TreeMap<>(headers).forEach((name, value) ->
                array.add(JsonObject.builder().put("name", name).put("value", value).build()));
        return array.build();
    }

    private static void putSecret(JsonObject.Builder spec, String clearKey, String envKey, Secret secret) {
        if (secret instanceof Secret.Value value) {
            spec.put(clearKey, Secret.mask(value.clear()));
        } else if (secret instanceof Secret.FromEnvironment environment) {
            spec.put(envKey, environment.variable());
        }
    }
}
