package sh.smarter.prompt.persistence.session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;

/**
 * Values in and out of plain JDBC, for the statements of the turn's hot path, which run without entities. Instants
 * go in as UTC text for the reason {@code DateTimeAsTextJdbcType} gives (MariaDB would otherwise lose the
 * microseconds) and come out as the UTC wall time the column holds.
 */
final class JdbcValues {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    /** The session columns {@link #session} reads, in order, for a table aliased {@code s}. */
    static final String SESSION_COLUMNS = "s.id, s.session_key, s.chatbot_id, s.client_ip, s.client_user_agent,"
            + " s.client_url, s.client_id, s.title, s.created_at, s.updated_at, s.last_seq";
    static final int SESSION_COLUMN_COUNT = 11;

    /**
     * The message columns {@link #message} reads, in order, from {@link #MESSAGES}. A message's turn id is its
     * {@code turn_id} where a row has one (rows written before schema version 12), else its turn's: the row's
     * {@code turn_position} says how far after its turn's first message it lies, which finds the turn by primary key.
     * That keeps 36 bytes of every message out of the database.
     */
    static final String MESSAGE_COLUMNS = "m.seq, m.role, m.content, m.tool_calls, m.tool_call_id, m.name,"
            + " COALESCE(m.turn_id, t.turn_id), m.created_at";
    static final int MESSAGE_COLUMN_COUNT = 8;
    /** Joins messages (aliased {@code m}) to their turns (aliased {@code t}), for {@link #MESSAGE_COLUMNS}. */
    static final String TURN_JOIN = " LEFT JOIN turns t ON t.session_id = m.session_id"
            + " AND t.first_seq = m.seq - m.turn_position";
    /** The messages with their turns, for {@link #MESSAGE_COLUMNS}. */
    static final String MESSAGES = "messages m" + TURN_JOIN;
    /**
     * The message columns before schema version 12 (no {@code turn_position}; every turn's messages named it), for
     * the migrations that read messages of an older schema, from {@code messages m}.
     */
    static final String MESSAGE_COLUMNS_BEFORE_V12 = "m.seq, m.role, m.content, m.tool_calls, m.tool_call_id,"
            + " m.name, m.turn_id, m.created_at";

    private JdbcValues() {
    }

    static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        setText(statement, index, text(value));
    }

    /** A time as the columns hold it (UTC text), or null: for values written once and bound more than once. */
    static String text(Instant value) {
        return value == null ? null : TEXT.format(value);
    }

    static void setText(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    static Instant instant(ResultSet rows, int column) throws SQLException {
        LocalDateTime value = rows.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    /** The session in the {@link #SESSION_COLUMNS} starting at {@code first}. */
    static Session session(ResultSet rows, int first) throws SQLException {
        int c = first;
        long id = rows.getLong(c++);
        String key = rows.getString(c++);
        long chatbotId = rows.getLong(c++);
        ClientInfo client = new ClientInfo(rows.getString(c++), rows.getString(c++), rows.getString(c++),
                rows.getString(c++));
        String title = rows.getString(c++);
        Instant createdAt = instant(rows, c++);
        Instant updatedAt = instant(rows, c++);
        long lastSeq = rows.getLong(c);
        return new Session(id, new SessionKey(key), chatbotId, client, title, createdAt, updatedAt, lastSeq);
    }

    /** The message in the {@link #MESSAGE_COLUMNS} starting at {@code first}. */
    static Message message(ResultSet rows, int first) throws SQLException {
        int c = first;
        long seq = rows.getLong(c++);
        String role = rows.getString(c++);
        return new Message(seq, Role.fromWireName(role)
                .orElseThrow(() -> new IllegalStateException("unknown role in the database: " + role)),
                rows.getString(c++), SessionRows.toolCalls(rows.getString(c++)), rows.getString(c++),
                rows.getString(c++), rows.getString(c++), instant(rows, c));
    }
}
