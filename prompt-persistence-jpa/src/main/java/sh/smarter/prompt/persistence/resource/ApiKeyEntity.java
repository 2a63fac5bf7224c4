package sh.smarter.prompt.persistence.resource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code api_keys}: the SHA-256 of a key, never the key itself. */
@Entity
@Table(name = "api_keys")
class ApiKeyEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "account_id", nullable = false)
    long accountId;

    @Column(name = "name", length = 100, nullable = false)
    String name;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "key_hash", length = 64, nullable = false)
    String keyHash;

    @Column(name = "hint", length = 64, nullable = false)
    String hint;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "revoked_at")
    Instant revokedAt;

    /** {@code chat} or {@code admin}; rows from before scopes existed became {@code admin} in V6. */
    @Column(name = "scope", length = 16, nullable = false)
    String scope;

    protected ApiKeyEntity() {
    }
}
