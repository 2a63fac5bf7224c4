package sh.smarter.prompt.persistence.resource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.ApiKey;
import sh.smarter.prompt.core.resource.KeyScope;
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
 * Converts between the port's resources and their rows. {@code fill} methods copy a value onto a new or loaded row;
 * the others read a row back. Instants are cut to the microseconds the columns keep.
 */
final class ResourceRows {
    private static final String SECRET_NONE = "none";
    private static final String SECRET_ENV = "env";
    private static final String SECRET_VALUE = "value";
    private static final String SELECTOR_ALWAYS = "always";
    private static final String SELECTOR_SEARCH_TERMS = "search_terms";

    private ResourceRows() {
    }

    // ---------------------------------------------------------------------------------------------------- account

    static void fill(AccountEntity row, Account account) {
        row.accountNumber = account.number().value();
        row.displayName = account.displayName();
        row.createdAt = microseconds(account.createdAt());
        row.dailyTokenBudget = account.dailyTokenBudget();
    }

    static Account account(AccountEntity row) {
        return new Account(row.id, new AccountNumber(row.accountNumber), row.displayName, row.createdAt,
                row.dailyTokenBudget);
    }

    // ---------------------------------------------------------------------------------------------------- chatbot

    static void fill(ChatbotEntity row, Chatbot chatbot) {
        fillNamed(row, chatbot.accountId(), chatbot.name(), chatbot.createdAt(), chatbot.updatedAt());
        row.description = chatbot.description();
        row.version = chatbot.version();
        row.provider = chatbot.provider();
        row.defaultModel = chatbot.defaultModel();
        row.defaultSystemRole = chatbot.defaultSystemRole();
        row.defaultTemperature = chatbot.defaultTemperature();
        row.defaultMaxTokens = chatbot.defaultMaxTokens();
        row.appName = chatbot.appName();
        row.appAssistant = chatbot.appAssistant();
        row.appWelcomeMessage = chatbot.appWelcomeMessage();
        row.appExamplePrompts = stringsJson(chatbot.appExamplePrompts());
        row.appPlaceholder = chatbot.appPlaceholder();
        row.appInfoUrl = chatbot.appInfoUrl();
        row.appBackgroundImageUrl = chatbot.appBackgroundImageUrl();
        row.appLogoUrl = chatbot.appLogoUrl();
        row.appFileAttachment = chatbot.appFileAttachment();
        row.deployed = chatbot.deployed();
        row.requiresApiKey = chatbot.requiresApiKey();
        row.allowedOrigins = stringsJson(chatbot.allowedOrigins());
        row.dailyTokenBudget = chatbot.dailyTokenBudget();
        replace(row.functions, chatbot.functions());
        replace(row.plugins, chatbot.plugins());
    }

    static Chatbot chatbot(ChatbotEntity row) {
        return Chatbot.builder(row.name).id(row.id).accountId(row.accountId).description(row.description)
                .version(row.version).provider(row.provider).defaultModel(row.defaultModel)
                .defaultSystemRole(row.defaultSystemRole).defaultTemperature(row.defaultTemperature)
                .defaultMaxTokens(row.defaultMaxTokens).appName(row.appName).appAssistant(row.appAssistant)
                .appWelcomeMessage(row.appWelcomeMessage).appExamplePrompts(strings(row.appExamplePrompts))
                .appPlaceholder(row.appPlaceholder).appInfoUrl(row.appInfoUrl)
                .appBackgroundImageUrl(row.appBackgroundImageUrl).appLogoUrl(row.appLogoUrl)
                .appFileAttachment(row.appFileAttachment).deployed(row.deployed).functions(List.copyOf(row.functions))
                .plugins(List.copyOf(row.plugins)).requiresApiKey(row.requiresApiKey)
                .allowedOrigins(strings(row.allowedOrigins)).dailyTokenBudget(row.dailyTokenBudget)
                .createdAt(row.createdAt).updatedAt(row.updatedAt)
                .build();
    }

    // ----------------------------------------------------------------------------------------------------- plugin

    static void fill(PluginEntity row, Plugin plugin) {
        fillNamed(row, plugin.accountId(), plugin.name(), plugin.createdAt(), plugin.updatedAt());
        row.description = plugin.description();
        row.version = plugin.version();
        row.pluginClass = plugin.data().pluginClass();
        if (plugin.selector() instanceof PluginSelector.SearchTerms terms) {
            row.selectorKind = SELECTOR_SEARCH_TERMS;
            row.searchTerms = stringsJson(terms.terms());
        } else {
            row.selectorKind = SELECTOR_ALWAYS;
            row.searchTerms = null;
        }
        PromptOverrides prompt = plugin.prompt();
        row.promptSystemRole = prompt.systemRole();
        row.promptModel = prompt.model();
        row.promptTemperature = prompt.temperature();
        row.promptMaxTokens = prompt.maxTokens();
        row.parametersJson = parametersJson(plugin.parameters());
        row.dataJson = dataJson(plugin.data());
    }

    static Plugin plugin(PluginEntity row) {
        PluginSelector selector = SELECTOR_SEARCH_TERMS.equals(row.selectorKind)
                ? PluginSelector.searchTerms(strings(row.searchTerms)) : PluginSelector.ALWAYS;
        PromptOverrides prompt = new PromptOverrides(row.promptSystemRole, row.promptModel, row.promptTemperature,
                row.promptMaxTokens);
        return new Plugin(row.id, row.accountId, row.name, row.description, row.version, selector, prompt,
                parameters(row.parametersJson), data(row.pluginClass, row.dataJson), row.createdAt, row.updatedAt);
    }

    private static String parametersJson(List<PluginParameter> parameters) {
        JsonArray.Builder array = JsonArray.builder();
        for (PluginParameter parameter : parameters) {
            JsonObject.Builder object = JsonObject.builder()
                    .put("name", parameter.name())
                    .put("type", parameter.type())
                    .put("description", parameter.description())
                    .put("required", parameter.required())
                    .put("enum", JsonArray.ofStrings(parameter.enumValues()));
            if (parameter.defaultValue() != null) {
                // Absent means "no default"; a JSON null default is kept as one.
                object.put("default", parameter.defaultValue());
            }
            array.add(object.build());
        }
        return array.build().toJson();
    }

    private static List<PluginParameter> parameters(String json) {
        List<PluginParameter> parameters = new ArrayList<>();
        for (Json item : (JsonArray) Json.parse(json)) {
            JsonObject p = (JsonObject) item;
            parameters.add(new PluginParameter(p.string("name").orElseThrow(), p.string("type").orElse(null),
                    p.string("description").orElse(null), p.bool("required").orElse(false),
                    strings(p.array("enum").orElse(JsonArray.EMPTY)), p.has("default") ? p.get("default") : null));
        }
        return parameters;
    }

    private static String dataJson(PluginData data) {
        if (data instanceof PluginData.StaticData staticData) {
            return staticData.data().toJson();
        }
        if (data instanceof PluginData.SqlData sql) {
            return JsonObject.builder().put("connection", sql.connection()).put("sql_query", sql.sqlQuery())
                    .put("limit", sql.limit()).build().toJson();
        }
        PluginData.ApiData api = (PluginData.ApiData) data;
        JsonObject.Builder headers = JsonObject.builder();
        api.headers().forEach(headers::put);
        return JsonObject.builder().put("connection", api.connection()).put("endpoint", api.endpoint())
                .put("method", api.method()).put("headers", headers.build()).build().toJson();
    }

    private static PluginData data(String pluginClass, String json) {
        JsonObject data = (JsonObject) Json.parse(json);
        switch (pluginClass) {
            case "static":
                return new PluginData.StaticData(data);
            case "sql":
                return new PluginData.SqlData(data.string("connection").orElse(null),
                        data.string("sql_query").orElse(null),
                        data.number("limit").map(JsonNumber::longValue).orElse(0L).intValue());
            case "api":
                Map<String, String> headers = new LinkedHashMap<>();
                data.object("headers").orElse(JsonObject.EMPTY).members()
                        .forEach((name, value) -> headers.put(name, value.asText()));
                return new PluginData.ApiData(data.string("connection").orElse(null),
                        data.string("endpoint").orElse(null), data.string("method").orElse(null), headers);
            default:
                throw new IllegalStateException("unknown plugin class in the database: " + pluginClass);
        }
    }

    // ------------------------------------------------------------------------------------ connections, providers

    static void fill(SqlConnectionEntity row, SqlConnection connection) {
        fillNamed(row, connection.accountId(), connection.name(), connection.createdAt(), connection.updatedAt());
        row.jdbcUrl = connection.jdbcUrl();
        row.username = connection.username();
        row.passwordKind = secretKind(connection.password());
        row.passwordValue = secretValue(connection.password());
        row.timeoutSeconds = connection.timeoutSeconds();
    }

    static SqlConnection sqlConnection(SqlConnectionEntity row) {
        return new SqlConnection(row.id, row.accountId, row.name, row.jdbcUrl, row.username,
                secret(row.passwordKind, row.passwordValue), row.timeoutSeconds, row.createdAt, row.updatedAt);
    }

    static void fill(ApiConnectionEntity row, ApiConnection connection) {
        fillNamed(row, connection.accountId(), connection.name(), connection.createdAt(), connection.updatedAt());
        row.baseUrl = connection.baseUrl();
        row.authScheme = connection.authScheme();
        row.authHeader = connection.authHeader();
        row.credentialKind = secretKind(connection.credential());
        row.credentialValue = secretValue(connection.credential());
        row.timeoutSeconds = connection.timeoutSeconds();
    }

    static ApiConnection apiConnection(ApiConnectionEntity row) {
        return new ApiConnection(row.id, row.accountId, row.name, row.baseUrl, row.authScheme, row.authHeader,
                secret(row.credentialKind, row.credentialValue), row.timeoutSeconds, row.createdAt, row.updatedAt);
    }

    static void fill(ProviderEntity row, ProviderSettings provider) {
        fillNamed(row, provider.accountId(), provider.name(), provider.createdAt(), provider.updatedAt());
        row.baseUrl = provider.baseUrl();
        row.apiKeyKind = secretKind(provider.apiKey());
        row.apiKeyValue = secretValue(provider.apiKey());
        row.defaultModel = provider.defaultModel();
        row.apiKeyRequired = provider.apiKeyRequired();
    }

    static ProviderSettings provider(ProviderEntity row) {
        return new ProviderSettings(row.id, row.accountId, row.name, row.baseUrl,
                secret(row.apiKeyKind, row.apiKeyValue), row.defaultModel, row.apiKeyRequired, row.createdAt,
                row.updatedAt);
    }

    // --------------------------------------------------------------------------------------------------- API keys

    static void fill(ApiKeyEntity row, ApiKey key) {
        row.accountId = key.accountId();
        row.name = key.name();
        row.keyHash = key.hash();
        row.hint = key.hint();
        row.createdAt = microseconds(key.createdAt());
        row.revokedAt = microseconds(key.revokedAt());
        row.scope = key.scope().wireName();
    }

    static ApiKey apiKey(ApiKeyEntity row) {
        return new ApiKey(row.id, row.accountId, row.name, row.keyHash, row.hint, row.createdAt, row.revokedAt,
                KeyScope.parse(row.scope));
    }

    // -------------------------------------------------------------------------------------------------- helpers

    static Instant microseconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static void fillNamed(NamedResourceEntity row, long accountId, String name, Instant createdAt,
                                  Instant updatedAt) {
        row.accountId = accountId;
        row.name = name;
        row.createdAt = microseconds(createdAt);
        row.updatedAt = microseconds(updatedAt);
    }

    private static String secretKind(Secret secret) {
        if (secret instanceof Secret.FromEnvironment) {
            return SECRET_ENV;
        }
        return secret instanceof Secret.Value ? SECRET_VALUE : SECRET_NONE;
    }

    private static String secretValue(Secret secret) {
        if (secret instanceof Secret.FromEnvironment env) {
            return env.variable();
        }
        return secret instanceof Secret.Value value ? value.clear() : null;
    }

    private static Secret secret(String kind, String value) {
        switch (kind) {
            case SECRET_ENV:
                return Secret.env(value);
            case SECRET_VALUE:
                return Secret.value(value);
            case SECRET_NONE:
                return Secret.NONE;
            default:
                throw new IllegalStateException("unknown secret kind in the database: " + kind);
        }
    }

    /** A collection mapped by Hibernate is updated in place, so it can tell which rows changed. */
    private static void replace(List<String> target, List<String> values) {
        target.clear();
        target.addAll(values);
    }

    private static String stringsJson(List<String> values) {
        return JsonArray.ofStrings(values).toJson();
    }

    private static List<String> strings(String json) {
        return json == null ? List.of() : strings((JsonArray) Json.parse(json));
    }

    private static List<String> strings(JsonArray array) {
        return array.stream().map(item -> ((JsonString) item).value()).toList();
    }
}
