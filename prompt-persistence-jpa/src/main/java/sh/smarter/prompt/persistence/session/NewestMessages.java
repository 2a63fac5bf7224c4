package sh.smarter.prompt.persistence.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;

/**
 * A session's newest messages in plain JDBC: the first window is found from the session's {@code last_seq} inside
 * the statement, so the usual read is one round trip (every role: the newest {@code limit} seqs are exactly the
 * answer). Only when that window holds too few matching messages do further windows follow ({@link SeqWindows}).
 */
final class NewestMessages {
    private NewestMessages() {
    }

    /**
     * @param roles the roles wanted, or null for every role
     * @return the newest {@code limit} matching messages, oldest first; none for a missing session
     */
    static List<Message> load(Connection connection, long sessionId, List<Role> roles, int limit)
            throws SQLException {
        long window = roles == null ? limit : 2L * limit;
        String sql = "SELECT s.last_seq, " + JdbcValues.MESSAGE_COLUMNS
                + " FROM sessions s JOIN messages m ON m.session_id = s.id" + JdbcValues.TURN_JOIN
                + " WHERE s.id = ? AND m.seq > s.last_seq - ? AND m.seq <= s.last_seq"
                + MessageRanges.roleFilter(roles)
                + " ORDER BY m.seq";
        long lastSeq = -1;
        List<Message> newest = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, sessionId);
            select.setLong(2, window);
            MessageRanges.bindRoles(select, 3, roles);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    lastSeq = rows.getLong(1);
                    newest.add(JdbcValues.message(rows, 2));
                }
            }
        }
        if (lastSeq < 0) {
            // An empty or missing session, or no match in the first window: the older ones start below it.
            long below = lastSeq(connection, sessionId) - window;
            return below < 1 ? List.of() : older(connection, sessionId, below, roles, limit);
        }
        long windowStart = Math.max(1, lastSeq - window + 1);
        if (newest.size() < limit && windowStart > 1) {
            newest.addAll(0, older(connection, sessionId, windowStart - 1, roles, limit - newest.size()));
        }
        return newest.size() > limit ? List.copyOf(newest.subList(newest.size() - limit, newest.size()))
                : List.copyOf(newest);
    }

    private static List<Message> older(Connection connection, long sessionId, long below, List<Role> roles,
                                       int limit) throws SQLException {
        SQLException[] failure = new SQLException[1];
        List<Message> found = SeqWindows.newest(below, limit, roles == null ? limit : 2L * limit, (from, to) -> {
            if (failure[0] != null) {
                return List.of();
            }
            try {
                return MessageRanges.read(connection, sessionId, from, to, roles, 0);
            } catch (SQLException e) {
                failure[0] = e;
                return List.of();
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return found;
    }

    private static long lastSeq(Connection connection, long sessionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT last_seq FROM sessions WHERE id = ?")) {
            select.setLong(1, sessionId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }
}
