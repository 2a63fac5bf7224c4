package sh.smarter.prompt.persistence.resource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A row of {@code plugins}. What the plugin does ({@code data_json}) and its parameters are JSON; the selector and
 * the prompt overrides have columns of their own.
 */
@Entity
@Table(name = "plugins")
class PluginEntity extends NamedResourceEntity {
    @Column(name = "description", columnDefinition = "longtext", nullable = false)
    String description;

    @Column(name = "version", length = 64, nullable = false)
    String version;

    @Column(name = "plugin_class", length = 16, nullable = false)
    String pluginClass;

    @Column(name = "selector_kind", length = 16, nullable = false)
    String selectorKind;

    @Column(name = "search_terms", columnDefinition = "longtext")
    String searchTerms;

    @Column(name = "prompt_system_role", columnDefinition = "longtext")
    String promptSystemRole;

    @Column(name = "prompt_model", length = 255)
    String promptModel;

    @Column(name = "prompt_temperature")
    Double promptTemperature;

    @Column(name = "prompt_max_tokens")
    Integer promptMaxTokens;

    @Column(name = "parameters_json", columnDefinition = "longtext", nullable = false)
    String parametersJson;

    @Column(name = "data_json", columnDefinition = "longtext", nullable = false)
    String dataJson;

    protected PluginEntity() {
    }
}
