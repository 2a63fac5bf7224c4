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

/** A row of {@code accounts}. */
@Entity
@Table(name = "accounts")
class AccountEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "account_number", length = 14, nullable = false)
    String accountNumber;

    @Column(name = "display_name", length = 255, nullable = false)
    String displayName;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    /** Null: no daily token budget. */
    @Column(name = "daily_token_budget")
    Long dailyTokenBudget;

    protected AccountEntity() {
    }
}
