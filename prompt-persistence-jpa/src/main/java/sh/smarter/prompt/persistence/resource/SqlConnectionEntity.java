package sh.smarter.prompt.persistence.resource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code sql_connections}; the password is a secret stored as (kind, value). */
@Entity
@Table(name = "sql_connections")
class SqlConnectionEntity extends NamedResourceEntity {
    @Column(name = "jdbc_url", length = 2048, nullable = false)
    String jdbcUrl;

    @Column(name = "username", length = 255)
    String username;

    @Column(name = "password_kind", length = 8, nullable = false)
    String passwordKind;

    @Column(name = "password_value", length = 4096)
    String passwordValue;

    @Column(name = "timeout_seconds", nullable = false)
    int timeoutSeconds;

    protected SqlConnectionEntity() {
    }
}
