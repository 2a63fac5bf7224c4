package sh.smarter.prompt.persistence.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A row of {@code token_usage_totals}: running token totals of one chatbot or account. */
@Entity
@Table(name = "token_usage_totals")
@IdClass(UsageScopeKey.class)
class TokenUsageTotalEntity {
    static final String CHATBOT = "chatbot";
    static final String ACCOUNT = "account";

    @Id
    @Column(name = "scope", length = 16)
    String scope;

    @Id
    @Column(name = "scope_id")
    long scopeId;

    @Column(name = "prompt_tokens", nullable = false)
    long promptTokens;

    @Column(name = "completion_tokens", nullable = false)
    long completionTokens;

    @Column(name = "total_tokens", nullable = false)
    long totalTokens;

    @Column(name = "turns", nullable = false)
    long turns;

    protected TokenUsageTotalEntity() {
    }
}
