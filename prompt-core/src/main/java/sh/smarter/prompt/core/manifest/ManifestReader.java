package sh.smarter.prompt.core.manifest;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.Json;
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
import sh.smarter.prompt.core.resource.ResourceName;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;
import sh.smarter.prompt.core.tool.Calculator;
import sh.smarter.prompt.core.tool.CurrentWeather;
import sh.smarter.prompt.core.tool.DateCalculator;

/**
 * Turns manifests in the Smarter form (SPEC section 8) into domain values. Everything is validated, and every
 * error names the field ("spec.config.defaultTemperature must be a number between 0.0 and 2.0"). Unknown fields
 * are rejected at every level; fields of the Smarter format that this product has no use for are accepted and
 * ignored. The values come back with id and account 0 and both timestamps {@code now}: storing them is the
 * service's job.
 */
public final class ManifestReader {
    public static final String API_VERSION = "smarter.sh/v1";
    /** The built-in functions a chatbot may list. */
    public static final List<String> FUNCTIONS = List.of(Calculator.NAME, DateCalculator.NAME, CurrentWeather.NAME);

    private static final String SNAKE_CASE =
            "must be snake_case (a-z, 0-9 and _, starting with a letter, at most 100 characters)";
    private static final Pattern SEMANTIC_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?");
    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SQL_PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> AUTHENTICATION_METHODS = Set.of("none", "bearer", "basic", "header");
    private static final String MASKED_PREFIX = "****";
    private static final String KIND_NAMES = Arrays.stream(ResourceKind.values())
            .map(ResourceKind::manifestName).collect(Collectors.joining(", "));

    private ManifestReader() {
    }

    /** The kind a manifest declares, after checking its apiVersion. {@code LLMClient} is read as Chatbot. */
    public static ResourceKind kind(JsonObject manifest) {
        if (!manifest.string("apiVersion").filter(API_VERSION::equals).isPresent()) {
            throw PromptException.invalid("apiVersion must be " + API_VERSION);
        }
        if (!manifest.has("kind")) {
            throw PromptException.invalid("kind is required");
        }
        String kind = manifest.string("kind").orElse("");
        if (kind.equals("LLMClient")) {
            return ResourceKind.CHATBOT;
        }
        return Arrays.stream(ResourceKind.values())
                .filter(k -> k.manifestName().equals(kind))
                .findFirst()
                .orElseThrow(() -> PromptException.invalid("kind must be one of " + KIND_NAMES));
    }

    /**
     * {@code metadata.accountNumber}: the account an operator applies a manifest to. Only meaningful for a manifest
     * that one of the kind readers has accepted, which checked its format.
     */
    public static Optional<AccountNumber> targetAccount(JsonObject manifest) {
        return manifest.object("metadata").flatMap(m -> m.string("accountNumber")).map(AccountNumber::parse);
    }

    public static Account account(JsonObject manifest, Instant now) {
        return document(manifest, EnumSet.of(ResourceKind.ACCOUNT), (kind, metadata, spec) -> {
            AccountNumber number = accountNumber(spec, spec.requiredString("accountNumber"), "accountNumber");
            // The Smarter account's contact details have no use here, but its company name is the better label.
            String companyName = spec.object("config", config -> {
                config.ignore("phoneNumber", "address1", "address2", "city", "state", "postalCode", "country",
                        "language", "timezone", "currency");
                return config.string("companyName");
            });
            Long dailyTokenBudget = spec.positiveLong("dailyTokenBudget");
            return new Account(0, number, companyName == null ? metadata.name() : companyName, now,
                    dailyTokenBudget);
        });
    }

    public static Chatbot chatbot(JsonObject manifest, Instant now) {
        return document(manifest, EnumSet.of(ResourceKind.CHATBOT), (kind, metadata, spec) -> {
            Chatbot.Builder chatbot = Chatbot.builder(metadata.name()).description(metadata.description())
                    .version(metadata.version()).createdAt(now).updatedAt(now);
            spec.object("config", config -> chatbotConfig(config, chatbot));
            chatbot.functions(functions(spec)).plugins(names(spec, "plugins"));
            spec.ignore("apiKey");
            return spec.build(chatbot::build);
        });
    }

    private static Chatbot.Builder chatbotConfig(Fields config, Chatbot.Builder chatbot) {
        // Hosting details of the Smarter platform; this product serves chatbots under its own URLs.
        config.ignore("customDomain", "subdomain", "dnsVerificationStatus");
        chatbot.provider(optionalName(config, "provider"))
                .defaultModel(config.string("defaultModel"))
                .defaultSystemRole(config.string("defaultSystemRole"));
        ifPresent(config.numberBetween("defaultTemperature", 0.0, 2.0), chatbot::defaultTemperature);
        ifPresent(config.positiveInteger("defaultMaxTokens"), chatbot::defaultMaxTokens);
        chatbot.dailyTokenBudget(config.positiveLong("dailyTokenBudget"));
        chatbot.appName(config.string("appName"))
                .appAssistant(config.string("appAssistant"))
                .appWelcomeMessage(config.string("appWelcomeMessage"))
                .appExamplePrompts(config.strings("appExamplePrompts"))
                .appPlaceholder(config.string("appPlaceholder"))
                .appInfoUrl(config.string("appInfoUrl"))
                .appBackgroundImageUrl(config.string("appBackgroundImageUrl"))
                .appLogoUrl(config.string("appLogoUrl"));
        ifPresent(config.bool("appFileAttachment"), chatbot::appFileAttachment);
        ifPresent(config.bool("deployed"), chatbot::deployed);
        ifPresent(config.bool("requiresApiKey"), chatbot::requiresApiKey);
        return chatbot.allowedOrigins(config.strings("allowedOrigins"));
    }

    private static List<String> functions(Fields spec) {
        List<String> functions = spec.strings("functions");
        for (int i = 0; functions != null && i < functions.size(); i++) {
            if (!FUNCTIONS.contains(functions.get(i))) {
                throw PromptException.invalid(spec.elementPath("functions", i) + " must be one of "
                        + String.join(", ", FUNCTIONS) + " (got " + functions.get(i) + ")");
            }
        }
        return functions;
    }

    /** Any of the three plugin kinds; {@code metadata.pluginClass}, when given, must agree with the kind. */
    public static Plugin plugin(JsonObject manifest, Instant now) {
        return document(manifest, PluginKinds.ALL, (kind, metadata, spec) -> {
            PluginSelector selector = spec.object("selector", ManifestReader::selector);
            PromptOverrides prompt = spec.object("prompt", ManifestReader::promptOverrides);
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

    /** What differs between plugin classes. */
    private record PluginBody(String description, List<PluginParameter> parameters, PluginData data) {
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
        String connectionAtSpec = optionalName(spec, "connection");
        return payload(spec, "sqlData", sql -> {
            String connection = connection(spec, connectionAtSpec, sql);
            String query = sql.requiredString("sqlQuery");
            List<PluginParameter> parameters = sql.objects("parameters", ManifestReader::parameter);
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
        String connectionAtSpec = optionalName(spec, "connection");
        return payload(spec, "apiData", api -> {
            String connection = connection(spec, connectionAtSpec, api);
            String endpoint = api.string("endpoint");
            String method = api.string("method");
            if (method != null && !Set.of("GET", "POST").contains(method.toUpperCase(Locale.ROOT))) {
                throw api.invalid("method", "must be GET or POST");
            }
            Map<String, String> headers = headers(api);
            List<PluginParameter> parameters = api.objects("parameters", ManifestReader::parameter);
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
        String inPayload = optionalName(payload, "connection");
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

    public static SqlConnection sqlConnection(JsonObject manifest, Instant now) {
        return document(manifest, EnumSet.of(ResourceKind.SQL_CONNECTION), (kind, metadata, spec) ->
                spec.requiredObject("connection", connection -> {
                    // Pooling and transport are the SQL adapter's business, not the manifest's.
                    connection.ignore("authenticationMethod", "maxOverflow", "poolSize", "useSsl");
                    String url = jdbcUrl(connection);
                    String username = connection.string("username");
                    Secret password = secret(connection, "password", "passwordEnv",
                            connection.string("passwordEnv"));
                    Integer timeout = connection.positiveInteger("timeout");
                    return connection.build(() -> new SqlConnection(0, 0, metadata.name(), url, username, password,
                            timeout == null ? 0 : timeout, now, now));
                }));
    }

    /** A JDBC URL as given, or built for MySQL from the host, port and database that Smarter manifests carry. */
    private static String jdbcUrl(Fields connection) {
        String engine = connection.string("dbEngine");
        if (connection.has("url")) {
            if (connection.has("hostname") || connection.has("port") || connection.has("database")) {
                throw connection.invalid("url", "excludes hostname, port and database; give one or the other");
            }
            String url = connection.string("url");
            if (!url.startsWith("jdbc:")) {
                throw connection.invalid("url", "must be a JDBC URL (jdbc:...)");
            }
            return url;
        }
        if (engine != null && !engine.toLowerCase(Locale.ROOT).contains("mysql")) {
            throw connection.invalid("dbEngine", "must be mysql when " + connection.pathOf("url") + " is not given");
        }
        if (!connection.has("hostname")) {
            throw connection.invalid("url", "is required (or hostname and database of a MySQL server)");
        }
        String hostname = connection.requiredString("hostname");
        Integer port = connection.integerBetween("port", 1, 65535);
        String database = connection.requiredString("database");
        return "jdbc:mysql://" + hostname + ":" + (port == null ? 3306 : port) + "/" + database;
    }

    public static ApiConnection apiConnection(JsonObject manifest, Instant now) {
        return document(manifest, EnumSet.of(ResourceKind.API_CONNECTION), (kind, metadata, spec) ->
                spec.requiredObject("connection", connection -> {
                    // Request details belong to each API plugin; pooling and transport to the HTTP adapter.
                    connection.ignore("headers", "method", "parameters", "port", "useSsl", "maxOverflow", "poolSize");
                    String baseUrl = httpUrl(connection, "baseUrl", connection.string("baseUrl"));
                    String scheme = connection.string("authenticationMethod");
                    if (scheme != null && !AUTHENTICATION_METHODS.contains(scheme)) {
                        throw connection.invalid("authenticationMethod", "must be one of none, bearer, basic, header");
                    }
                    String authHeader = connection.string("authHeader");
                    if ("header".equals(scheme) && authHeader == null) {
                        throw connection.invalid("authHeader", "is required when authenticationMethod is header");
                    }
                    Secret apiKey = secret(connection, "apiKey", "apiKeyEnv", connection.string("apiKeyEnv"));
                    if (scheme != null && !scheme.equals("none") && apiKey instanceof Secret.None) {
                        throw connection.invalid("apiKey", "(or apiKeyEnv) is required when authenticationMethod is "
                                + scheme);
                    }
                    Integer timeout = connection.positiveInteger("timeout");
                    return connection.build(() -> new ApiConnection(0, 0, metadata.name(), baseUrl, scheme,
                            authHeader, apiKey, timeout == null ? 0 : timeout, now, now));
                }));
    }

    public static ProviderSettings provider(JsonObject manifest, Instant now) {
        return document(manifest, EnumSet.of(ResourceKind.PROVIDER), (kind, metadata, spec) ->
                spec.requiredObject("provider", provider -> {
                    // Descriptive fields of Smarter's provider directory; metadata.name is the name.
                    provider.ignore("name", "description", "logo", "website_url", "contact_email", "support_email",
                            "terms_of_service_url", "docs_url", "privacy_policy_url", "connectivity_test_path");
                    String baseUrl = httpUrl(provider, "baseUrl", provider.string("baseUrl", "base_url"));
                    Secret apiKey = secret(provider, "apiKey", "apiKeyEnv",
                            provider.string("apiKeyEnv", "api_key_env"));
                    String defaultModel = provider.string("defaultModel");
                    Boolean apiKeyRequired = provider.bool("apiKeyRequired");
                    boolean keyRequired = apiKeyRequired != null ? apiKeyRequired : !(apiKey instanceof Secret.None);
                    return provider.build(() -> new ProviderSettings(0, 0, metadata.name(), baseUrl, apiKey,
                            defaultModel, keyRequired, now, now));
                }));
    }

    /** What every manifest's metadata says, read before its spec. */
    private record Metadata(String name, String description, String version) {
    }

    /** Reads the spec of a manifest whose header and metadata are valid. */
    @FunctionalInterface
    private interface SpecReader<T> {
        T read(ResourceKind kind, Metadata metadata, Fields spec);
    }

    private static <T> T document(JsonObject manifest, Set<ResourceKind> accepted, SpecReader<T> specReader) {
        ResourceKind kind = kind(manifest);
        if (!accepted.contains(kind)) {
            throw PromptException.invalid("kind must be " + accepted.stream().map(ResourceKind::manifestName)
                    .collect(Collectors.joining(" or ")));
        }
        return Fields.read(manifest, root -> {
            // status is what describe adds; accepting it lets a described manifest be applied again as it is.
            root.ignore("apiVersion", "kind", "status");
            Metadata metadata = root.requiredObject("metadata", fields -> metadata(fields, kind));
            return root.requiredObject("spec", spec -> specReader.read(kind, metadata, spec));
        });
    }

    private static Metadata metadata(Fields metadata, ResourceKind kind) {
        metadata.ignore("tags", "annotations");
        // An account's name is a display name; every other resource is addressed by its snake_case name.
        String name = kind == ResourceKind.ACCOUNT ? metadata.requiredString("name") : name(metadata, "name");
        String description = metadata.string("description");
        String version = metadata.string("version");
        if (version != null && !SEMANTIC_VERSION.matcher(version).matches()) {
            throw metadata.invalid("version", "must be a semantic version such as 1.0.0");
        }
        if (PluginKinds.ALL.contains(kind)) {
            String pluginClass = metadata.string("pluginClass");
            String expected = PluginKinds.pluginClassOf(kind);
            if (pluginClass != null && !pluginClass.equals(expected)) {
                throw metadata.invalid("pluginClass", "must be " + expected + " for kind " + kind.manifestName());
            }
        }
        if (kind != ResourceKind.ACCOUNT) {
            accountNumber(metadata, metadata.string("accountNumber"), "accountNumber");
        }
        return new Metadata(name, description, version);
    }

    private static AccountNumber accountNumber(Fields fields, String text, String key) {
        if (text == null) {
            return null;
        }
        try {
            return AccountNumber.parse(text);
        } catch (PromptException e) {
            throw fields.invalid(key, "must look like 1234-5678-9012");
        }
    }

    private static String name(Fields fields, String key) {
        String name = fields.requiredString(key);
        if (!ResourceName.isValid(name)) {
            throw fields.invalid(key, SNAKE_CASE);
        }
        return name;
    }

    private static String optionalName(Fields fields, String key) {
        return fields.has(key) ? name(fields, key) : fields.string(key);
    }

    private static List<String> names(Fields fields, String key) {
        List<String> names = fields.strings(key);
        for (int i = 0; names != null && i < names.size(); i++) {
            if (!ResourceName.isValid(names.get(i))) {
                throw PromptException.invalid(fields.elementPath(key, i) + " " + SNAKE_CASE);
            }
        }
        return names;
    }

    private static String httpUrl(Fields fields, String key, String url) {
        if (url == null || url.isBlank()) {
            throw fields.invalid(key, "is required");
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw fields.invalid(key, "must start with http:// or https://");
        }
        return url;
    }

    /**
     * A credential given in clear ({@code clearKey}) or as the name of an environment variable ({@code envKey},
     * whose value the caller read, possibly under an alias).
     */
    private static Secret secret(Fields fields, String clearKey, String envKey, String variable) {
        String clear = fields.string(clearKey);
        if (clear != null && variable != null) {
            throw fields.invalid(clearKey, "and " + fields.pathOf(envKey) + " exclude each other; give one");
        }
        if (variable != null) {
            if (!ENVIRONMENT_VARIABLE.matcher(variable).matches()) {
                throw fields.invalid(envKey, "must be the name of an environment variable");
            }
            return Secret.env(variable);
        }
        // describe masks secrets; storing the mask would silently break the connection.
        if (clear != null && clear.startsWith(MASKED_PREFIX)) {
            throw fields.invalid(clearKey, "is masked (" + MASKED_PREFIX + "...); give the real value or "
                    + fields.pathOf(envKey));
        }
        return Secret.value(clear);
    }

    private static <T> void ifPresent(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
