package sh.smarter.prompt.persistence.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;

/** A session's messages with seqs in a range, in plain JDBC, each with its turn id ({@link JdbcValues#MESSAGES}). */
final class MessageRanges {
    private MessageRanges() {
    }

    /**
     * @param roles the roles wanted, or null for every role
     * @param limit the most messages wanted, the oldest first; 0 for all in the range
     * @return the matching messages with seq in [from, to], oldest first
     */
    static List<Message> read(Connection connection, long sessionId, long from, long to, List<Role> roles,
                              int limit) throws SQLException {
        String sql = "SELECT " + JdbcValues.MESSAGE_COLUMNS + " FROM " + JdbcValues.MESSAGES
                + " WHERE m.session_id = ? AND m.seq BETWEEN ? AND ?" + roleFilter(roles) + " ORDER BY m.seq";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            select.setLong(p++, sessionId);
            select.setLong(p++, from);
            select.setLong(p++, to);
            bindRoles(select, p, roles);
            if (limit > 0) {
                select.setMaxRows(limit);
            }
            List<Message> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(JdbcValues.message(rows, 1));
                }
            }
            return found;
        }
    }

    /** {@code " AND m.role IN (?, ...)"}, or nothing for every role (null). */
    static String roleFilter(List<Role> roles) {
        return roles == null ? "" : " AND m.role IN (" + "?, ".repeat(roles.size() - 1) + "?)";
    }

    static void bindRoles(PreparedStatement statement, int first, List<Role> roles) throws SQLException {
        if (roles != null) {
            for (int i = 0; i < roles.size(); i++) {
                statement.setString(first + i, roles.get(i).wireName());
            }
        }
    }
}
