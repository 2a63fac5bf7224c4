package sh.smarter.prompt.tests.bench.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;

/**
 * The least a two-message append and a read of the newest messages take, in plain JDBC on the store's own schema
 * and connection pool: what the store is measured against. The append claims the seqs as the store does (an update
 * of {@code last_seq} that only succeeds from the value expected), inserts both messages in one batch and commits;
 * the read is one statement. Values go in and out as the store writes and reads them (times as UTC text, rows into
 * {@link Message} records), so that only the way there differs.
 */
final class RawJdbcFloor {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);
    private static final String CLAIM = "UPDATE sessions SET last_seq = ?, updated_at = ? WHERE id = ? AND last_seq = ?";
    private static final String INSERT = "INSERT INTO messages (session_id, seq, role, content, tool_calls,"
            + " tool_call_id, name, turn_id, created_at) VALUES (?, ?, ?, ?, NULL, NULL, NULL, ?, ?)";
    /**
     * Seqs are dense, so the newest {@code limit} are those above {@code last_seq - limit}: a range of the primary
     * key on every database ({@code ORDER BY seq DESC LIMIT} sorts the whole session on H2). Since schema version 12
     * a message the store wrote names no turn id but its position in its turn, so a read that returns what the
     * store's returns finds the turn by primary key (the floor's own rows still name their turn: it stores none).
     */
    private static final String NEWEST = "SELECT m.seq, m.role, m.content, m.tool_calls, m.tool_call_id, m.name,"
            + " COALESCE(m.turn_id, t.turn_id), m.created_at FROM sessions s JOIN messages m ON m.session_id = s.id"
            + " LEFT JOIN turns t ON t.session_id = m.session_id AND t.first_seq = m.seq - m.turn_position"
            + " WHERE s.id = ? AND m.seq > s.last_seq - ? AND m.seq <= s.last_seq ORDER BY m.seq";

    private final DataSource dataSource;

    RawJdbcFloor(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Appends a user message and an answer after {@code lastSeq}, which must still be the session's last seq. */
    void append(long sessionId, long lastSeq, String question, String answer, String turnId) {
        String now = TEXT.format(Instant.now().truncatedTo(ChronoUnit.MICROS));
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setLong(1, lastSeq + 2);
                claim.setString(2, now);
                claim.setLong(3, sessionId);
                claim.setLong(4, lastSeq);
                if (claim.executeUpdate() != 1) {
                    connection.rollback();
                    throw new IllegalStateException("session " + sessionId + " is not at seq " + lastSeq);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                addRow(insert, sessionId, lastSeq + 1, Role.USER, question, turnId, now);
                addRow(insert, sessionId, lastSeq + 2, Role.ASSISTANT, answer, turnId, now);
                insert.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("the floor's append failed", e);
        }
    }

    private static void addRow(PreparedStatement insert, long sessionId, long seq, Role role, String content,
                               String turnId, String now) throws SQLException {
        insert.setLong(1, sessionId);
        insert.setLong(2, seq);
        insert.setString(3, role.wireName());
        insert.setString(4, content);
        insert.setString(5, turnId);
        insert.setString(6, now);
        insert.addBatch();
    }

    /** The newest {@code limit} messages of every role, oldest first, in one statement. */
    List<Message> readNewest(long sessionId, int limit) {
        try (Connection connection = dataSource.getConnection()) {
            List<Message> newest = new ArrayList<>(limit);
            try (PreparedStatement select = connection.prepareStatement(NEWEST)) {
                select.setLong(1, sessionId);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        LocalDateTime at = rows.getObject(8, LocalDateTime.class);
                        newest.add(new Message(rows.getLong(1), Role.fromWireName(rows.getString(2)).orElseThrow(),
                                rows.getString(3), List.of(), rows.getString(5), rows.getString(6),
                                rows.getString(7), at.toInstant(ZoneOffset.UTC)));
                    }
                }
            }
            // The pool hands out connections without auto-commit: end the read's transaction as the store does.
            connection.commit();
            return newest;
        } catch (SQLException e) {
            throw new IllegalStateException("the floor's read failed", e);
        }
    }
}
