package sh.smarter.prompt.persistence.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code plugin_selections}: a plugin chosen for a turn and why. */
@Entity
@Table(name = "plugin_selections")
@IdClass(TurnRecordKey.class)
class PluginSelectionEntity {
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

    @Column(name = "plugin_id", nullable = false)
    long pluginId;

    @Column(name = "plugin_name", length = 255, nullable = false)
    String pluginName;

    @Column(name = "input_text", columnDefinition = "longtext")
    String inputText;

    @Column(name = "reason", columnDefinition = "longtext")
    String reason;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected PluginSelectionEntity() {
    }
}
