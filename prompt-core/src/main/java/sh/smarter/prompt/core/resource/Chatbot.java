package sh.smarter.prompt.core.resource;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import sh.smarter.prompt.core.error.PromptException;

/**
 * A chatbot's configuration: its model settings, UI texts, built-in functions and plugins. {@code id} is 0 until
 * stored. Plugins are referenced by name within the same account. {@code dailyTokenBudget} (null: none) caps the
 * tokens its turns may be charged per UTC day.
 */
public record Chatbot(long id, long accountId, String name, String description, String version, String provider,
                      String defaultModel, String defaultSystemRole, double defaultTemperature, int defaultMaxTokens,
                      String appName, String appAssistant, String appWelcomeMessage, List<String> appExamplePrompts,
                      String appPlaceholder, String appInfoUrl, String appBackgroundImageUrl, String appLogoUrl,
                      boolean appFileAttachment, boolean deployed, List<String> functions, List<String> plugins,
                      boolean requiresApiKey, List<String> allowedOrigins, Long dailyTokenBudget, Instant createdAt,
                      Instant updatedAt) {

    public static final String DEFAULT_PROVIDER = ProviderPresets.OPENAI;
    public static final String DEFAULT_MODEL = "gpt-4o-mini";
    public static final double DEFAULT_TEMPERATURE = 0.5;
    public static final int DEFAULT_MAX_TOKENS = 2048;
    public static final String DEFAULT_ASSISTANT = "Smarter";
    public static final String DEFAULT_PLACEHOLDER = "Type something here...";
    public static final String DEFAULT_SYSTEM_ROLE = "You are a helpful assistant.";

    public Chatbot {
        ResourceName.require("chatbot name", name);
        description = description == null ? "" : description;
        version = version == null || version.isBlank() ? "1.0.0" : version;
        if (!version.matches("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?")) {
            throw PromptException.invalid("version must be semantic (for example 1.0.0)");
        }
        provider = provider == null || provider.isBlank() ? DEFAULT_PROVIDER : provider;
        defaultModel = defaultModel == null || defaultModel.isBlank() ? DEFAULT_MODEL : defaultModel;
        defaultSystemRole = defaultSystemRole == null || defaultSystemRole.isBlank()
                ? DEFAULT_SYSTEM_ROLE : defaultSystemRole;
        checkTemperature("defaultTemperature", defaultTemperature);
        if (defaultMaxTokens < 1) {
            throw PromptException.invalid("defaultMaxTokens must be at least 1");
        }
        appName = appName == null || appName.isBlank() ? name : appName;
        appAssistant = appAssistant == null || appAssistant.isBlank() ? DEFAULT_ASSISTANT : appAssistant;
        appWelcomeMessage = appWelcomeMessage == null ? "" : appWelcomeMessage;
        appExamplePrompts = appExamplePrompts == null ? List.of() : List.copyOf(appExamplePrompts);
        appPlaceholder = appPlaceholder == null || appPlaceholder.isBlank() ? DEFAULT_PLACEHOLDER : appPlaceholder;
        functions = functions == null ? List.of() : List.copyOf(functions);
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        checkDailyTokenBudget("dailyTokenBudget", dailyTokenBudget);
        Objects.requireNonNull(createdAt, "createdAt");
        updatedAt = updatedAt == null ? createdAt : updatedAt;
    }

    static void checkTemperature(String field, Double temperature) {
        if (temperature != null && (temperature.isNaN() || temperature < 0.0 || temperature > 2.0)) {
            throw PromptException.invalid(field + " must be between 0.0 and 2.0");
        }
    }

    static void checkDailyTokenBudget(String field, Long budget) {
        if (budget != null && budget < 1) {
            throw PromptException.invalid(field + " must be a whole number of at least 1 (leave it out for no budget)");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        return new Builder(name).id(id).accountId(accountId).description(description).version(version)
                .provider(provider).defaultModel(defaultModel).defaultSystemRole(defaultSystemRole)
                .defaultTemperature(defaultTemperature).defaultMaxTokens(defaultMaxTokens).appName(appName)
                .appAssistant(appAssistant).appWelcomeMessage(appWelcomeMessage).appExamplePrompts(appExamplePrompts)
                .appPlaceholder(appPlaceholder).appInfoUrl(appInfoUrl).appBackgroundImageUrl(appBackgroundImageUrl)
                .appLogoUrl(appLogoUrl).appFileAttachment(appFileAttachment).deployed(deployed).functions(functions)
                .plugins(plugins).requiresApiKey(requiresApiKey).allowedOrigins(allowedOrigins)
                .dailyTokenBudget(dailyTokenBudget).createdAt(createdAt).updatedAt(updatedAt);
    }

    public Chatbot withId(long newId) {
        return toBuilder().id(newId).build();
    }

    /** Builds chatbots with the documented defaults for everything not set. */
    public static final class Builder {
        private long id;
        private long accountId;
        private String name;
        private String description;
        private String version;
        private String provider;
        private String defaultModel;
        private String defaultSystemRole;
        private double defaultTemperature = DEFAULT_TEMPERATURE;
        private int defaultMaxTokens = DEFAULT_MAX_TOKENS;
        private String appName;
        private String appAssistant;
        private String appWelcomeMessage;
        private List<String> appExamplePrompts;
        private String appPlaceholder;
        private String appInfoUrl;
        private String appBackgroundImageUrl;
        private String appLogoUrl;
        private boolean appFileAttachment;
        private boolean deployed = true;
        private List<String> functions;
        private List<String> plugins;
        private boolean requiresApiKey;
        private List<String> allowedOrigins;
        private Long dailyTokenBudget;
        private Instant createdAt = Instant.EPOCH;
        private Instant updatedAt;

        private Builder(String name) {
            this.name = name;
        }

        public Builder id(long value) { this.id = value; return this; }
        public Builder accountId(long value) { this.accountId = value; return this; }
        public Builder name(String value) { this.name = value; return this; }
        public Builder description(String value) { this.description = value; return this; }
        public Builder version(String value) { this.version = value; return this; }
        public Builder provider(String value) { this.provider = value; return this; }
        public Builder defaultModel(String value) { this.defaultModel = value; return this; }
        public Builder defaultSystemRole(String value) { this.defaultSystemRole = value; return this; }
        public Builder defaultTemperature(double value) { this.defaultTemperature = value; return this; }
        public Builder defaultMaxTokens(int value) { this.defaultMaxTokens = value; return this; }
        public Builder appName(String value) { this.appName = value; return this; }
        public Builder appAssistant(String value) { this.appAssistant = value; return this; }
        public Builder appWelcomeMessage(String value) { this.appWelcomeMessage = value; return this; }
        public Builder appExamplePrompts(List<String> value) { this.appExamplePrompts = value; return this; }
        public Builder appPlaceholder(String value) { this.appPlaceholder = value; return this; }
        public Builder appInfoUrl(String value) { this.appInfoUrl = value; return this; }
        public Builder appBackgroundImageUrl(String value) { this.appBackgroundImageUrl = value; return this; }
        public Builder appLogoUrl(String value) { this.appLogoUrl = value; return this; }
        public Builder appFileAttachment(boolean value) { this.appFileAttachment = value; return this; }
        public Builder deployed(boolean value) { this.deployed = value; return this; }
        public Builder functions(List<String> value) { this.functions = value; return this; }
        public Builder plugins(List<String> value) { this.plugins = value; return this; }
        public Builder requiresApiKey(boolean value) { this.requiresApiKey = value; return this; }
        public Builder allowedOrigins(List<String> value) { this.allowedOrigins = value; return this; }
        public Builder dailyTokenBudget(Long value) { this.dailyTokenBudget = value; return this; }
        public Builder createdAt(Instant value) { this.createdAt = value; return this; }
        public Builder updatedAt(Instant value) { this.updatedAt = value; return this; }

        public Chatbot build() {
            return new Chatbot(id, accountId, name, description, version, provider, defaultModel, defaultSystemRole,
                    defaultTemperature, defaultMaxTokens, appName, appAssistant, appWelcomeMessage, appExamplePrompts,
                    appPlaceholder, appInfoUrl, appBackgroundImageUrl, appLogoUrl, appFileAttachment, deployed,
                    functions, plugins, requiresApiKey, allowedOrigins, dailyTokenBudget, createdAt, updatedAt);
        }
    }
}
