package sh.smarter.prompt.persistence.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code turns}: one per appended turn, with what it was charged. */
@Entity
@Table(name = "turns")
@IdClass(TurnKey.class)
class TurnEntity {
    @Id
    @Column(name = "session_id")
    long sessionId;

    @Id
    @Column(name = "first_seq")
    long firstSeq;

    @Column(name = "turn_id", length = 100, nullable = false)
    String turnId;

    @Column(name = "chatbot_id", nullable = false)
    long chatbotId;

    @Column(name = "account_id", nullable = false)
    long accountId;

    @Column(name = "message_count", nullable = false)
    int messageCount;

    @Column(name = "prompt_tokens", nullable = false)
    long promptTokens;

    @Column(name = "completion_tokens", nullable = false)
    long completionTokens;

    @Column(name = "total_tokens", nullable = false)
    long totalTokens;

    @Column(name = "started_at", nullable = false)
    Instant startedAt;

    @Column(name = "stored_at", nullable = false)
    Instant storedAt;

    protected TurnEntity() {
    }
}
