package sh.smarter.prompt.persistence.resource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code api_connections}; the credential is a secret stored as (kind, value). */
@Entity
@Table(name = "api_connections")
class ApiConnectionEntity extends NamedResourceEntity {
    @Column(name = "base_url", length = 2048, nullable = false)
    String baseUrl;

    @Column(name = "auth_scheme", length = 16, nullable = false)
    String authScheme;

    @Column(name = "auth_header", length = 255)
    String authHeader;

    @Column(name = "credential_kind", length = 8, nullable = false)
    String credentialKind;

    @Column(name = "credential_value", length = 4096)
    String credentialValue;

    @Column(name = "timeout_seconds", nullable = false)
    int timeoutSeconds;

    protected ApiConnectionEntity() {
    }
}
