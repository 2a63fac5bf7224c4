package sh.smarter.prompt.persistence.resource;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * A row of {@code chatbots}, with its built-in functions and plugin names in child tables (order kept). The UI's
 * example prompts and the allowed origins are JSON arrays of strings.
 */
@Entity
@Table(name = "chatbots")
class ChatbotEntity extends NamedResourceEntity {
    @Column(name = "description", columnDefinition = "longtext", nullable = false)
    String description;

    @Column(name = "version", length = 64, nullable = false)
    String version;

    @Column(name = "provider", length = 100, nullable = false)
    String provider;

    @Column(name = "default_model", length = 255, nullable = false)
    String defaultModel;

    @Column(name = "default_system_role", columnDefinition = "longtext", nullable = false)
    String defaultSystemRole;

    @Column(name = "default_temperature", nullable = false)
    double defaultTemperature;

    @Column(name = "default_max_tokens", nullable = false)
    int defaultMaxTokens;

    @Column(name = "app_name", length = 255, nullable = false)
    String appName;

    @Column(name = "app_assistant", length = 255, nullable = false)
    String appAssistant;

    @Column(name = "app_welcome_message", columnDefinition = "longtext", nullable = false)
    String appWelcomeMessage;

    @Column(name = "app_example_prompts", columnDefinition = "longtext", nullable = false)
    String appExamplePrompts;

    @Column(name = "app_placeholder", length = 1024, nullable = false)
    String appPlaceholder;

    @Column(name = "app_info_url", length = 2048)
    String appInfoUrl;

    @Column(name = "app_background_image_url", length = 2048)
    String appBackgroundImageUrl;

    @Column(name = "app_logo_url", length = 2048)
    String appLogoUrl;

    @Column(name = "app_file_attachment", nullable = false)
    boolean appFileAttachment;

    @Column(name = "deployed", nullable = false)
    boolean deployed;

    @Column(name = "requires_api_key", nullable = false)
    boolean requiresApiKey;

    @Column(name = "allowed_origins", columnDefinition = "longtext", nullable = false)
    String allowedOrigins;

    /** Null: no daily token budget. */
    @Column(name = "daily_token_budget")
    Long dailyTokenBudget;

    @ElementCollection
    @CollectionTable(name = "chatbot_functions", joinColumns = @JoinColumn(name = "chatbot_id"))
    @OrderColumn(name = "ordinal")
    @Column(name = "function_name", length = 100, nullable = false)
    List<String> functions = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "chatbot_plugins", joinColumns = @JoinColumn(name = "chatbot_id"))
    @OrderColumn(name = "ordinal")
    @Column(name = "plugin_name", length = 100, nullable = false)
    List<String> plugins = new ArrayList<>();

    protected ChatbotEntity() {
    }
}
