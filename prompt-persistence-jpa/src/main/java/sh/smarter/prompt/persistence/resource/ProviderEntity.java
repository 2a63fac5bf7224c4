package sh.smarter.prompt.persistence.resource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code providers}: an account's own LLM provider; the API key is a secret stored as (kind, value). */
@Entity
@Table(name = "providers")
class ProviderEntity extends NamedResourceEntity {
    @Column(name = "base_url", length = 2048, nullable = false)
    String baseUrl;

    @Column(name = "api_key_kind", length = 8, nullable = false)
    String apiKeyKind;

    @Column(name = "api_key_value", length = 4096)
    String apiKeyValue;

    @Column(name = "default_model", length = 255)
    String defaultModel;

    @Column(name = "api_key_required", nullable = false)
    boolean apiKeyRequired;

    protected ProviderEntity() {
    }
}
