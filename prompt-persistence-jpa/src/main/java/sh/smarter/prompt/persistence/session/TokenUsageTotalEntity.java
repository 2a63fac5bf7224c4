package sh.smarter.prompt.persistence.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A row of {@code token_usage_totals}: one shard of the running token totals of a chatbot or account. The total is
 * the sum of its shards; turns of different sessions mostly update different shards, so they rarely wait for each
 * other's row locks.
 */
@Entity
@Table(name = "token_usage_totals")
@IdClass(UsageScopeKey.class)
class TokenUsageTotalEntity {
    static final String CHATBOT = "chatbot";
    static final String ACCOUNT = "account";
    static final int SHARDS = 16;

    @Id
    @Column(name = "scope", length = 16)
    String scope;

    @Id
    @Column(name = "scope_id")
    long scopeId;

    @Id
    @Column(name = "shard")
    int shard;

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

    /** The shard a session's turns add to. */
    static int shardOf(long sessionId) {
        return (int) Math.floorMod(sessionId, (long) SHARDS);
    }
}
