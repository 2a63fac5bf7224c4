package sh.smarter.prompt.persistence.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code messages}: written once when its turn is appended, never changed. */
@Entity
@Table(name = "messages")
@IdClass(MessageKey.class)
class MessageEntity {
    @Id
    @Column(name = "session_id")
    long sessionId;

    @Id
    @Column(name = "seq")
    long seq;

    @Column(name = "role", length = 16, nullable = false)
    String role;

    @Column(name = "content", columnDefinition = "longtext")
    String content;

    /** The requested tool calls as a JSON array, or null when there are none. */
    @Column(name = "tool_calls", columnDefinition = "longtext")
    String toolCalls;

    @Column(name = "tool_call_id", length = 255)
    String toolCallId;

    @Column(name = "name", length = 255)
    String name;

    /** Null from schema version 12 on where {@link #turnPosition} finds the turn. */
    @Column(name = "turn_id", length = 100)
    String turnId;

    /** How many messages after its turn's first message this one is; null on rows before schema version 12. */
    @Column(name = "turn_position")
    Short turnPosition;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected MessageEntity() {
    }
}
