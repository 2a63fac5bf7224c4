package sh.smarter.prompt.persistence.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code provider_exchanges}: one request to the LLM and its answer or error. */
@Entity
@Table(name = "provider_exchanges")
@IdClass(TurnRecordKey.class)
class ProviderExchangeEntity {
    @Id
    @Column(name = "session_id")
    long sessionId;

    @Id
    @Column(name = "turn_seq")
    long turnSeq;

    @Id
    @Column(name = "ordinal")
    int ordinal;

    @Column(name = "turn_id", length = 100, nullable = false)
    String turnId;

    @Column(name = "round_number", nullable = false)
    int roundNumber;

    @Column(name = "provider", length = 100)
    String provider;

    @Column(name = "model", length = 255)
    String model;

    @Column(name = "request_json", columnDefinition = "longtext", nullable = false)
    String requestJson;

    @Column(name = "response_json", columnDefinition = "longtext")
    String responseJson;

    @Column(name = "prompt_tokens", nullable = false)
    long promptTokens;

    @Column(name = "completion_tokens", nullable = false)
    long completionTokens;

    @Column(name = "total_tokens", nullable = false)
    long totalTokens;

    @Column(name = "latency_ms", nullable = false)
    long latencyMillis;

    @Column(name = "error", columnDefinition = "longtext")
    String error;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected ProviderExchangeEntity() {
    }
}
