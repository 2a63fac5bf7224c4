package sh.smarter.prompt.persistence.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code sessions}. Its messages and turn records refer to it by id; the database cascades deletes. */
@Entity
@Table(name = "sessions")
class SessionEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "session_key", length = 64, nullable = false, updatable = false)
    String sessionKey;

    @Column(name = "chatbot_id", nullable = false, updatable = false)
    long chatbotId;

    @Column(name = "client_ip", length = 64)
    String clientIp;

    @Column(name = "client_user_agent", length = 512)
    String clientUserAgent;

    @Column(name = "client_url", length = 2048)
    String clientUrl;

    @Column(name = "client_id", length = 255)
    String clientId;

    @Column(name = "title", length = 255)
    String title;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Column(name = "last_seq", nullable = false)
    long lastSeq;

    protected SessionEntity() {
    }
}
