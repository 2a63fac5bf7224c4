package sh.smarter.prompt.persistence.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code tool_executions}: one executed tool call, with its plugin when it was one. */
@Entity
@Table(name = "tool_executions")
@IdClass(TurnRecordKey.class)
class ToolExecutionEntity {
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

    @Column(name = "tool_call_id", length = 255)
    String toolCallId;

    @Column(name = "function_name", length = 255, nullable = false)
    String functionName;

    @Column(name = "arguments", columnDefinition = "longtext")
    String arguments;

    @Column(name = "result", columnDefinition = "longtext")
    String result;

    @Column(name = "plugin_id")
    Long pluginId;

    @Column(name = "plugin_name", length = 255)
    String pluginName;

    @Column(name = "duration_ms", nullable = false)
    long durationMillis;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected ToolExecutionEntity() {
    }
}
