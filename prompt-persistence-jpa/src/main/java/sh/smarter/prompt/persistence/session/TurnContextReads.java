package sh.smarter.prompt.persistence.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.TurnContext;

/**
 * The read before a turn calls the provider, as one statement: the session by key, the system messages among its
 * first seqs (the first one is what every context window keeps, normally seq 1) and the matching messages of its
 * newest seqs. Each part walks a short stretch of a primary key; the newest window is found from the session's
 * {@code last_seq} inside the statement, so no round trip asks for it first. Only a session whose newest seqs hold
 * too few matching messages, or whose first system message lies further in, needs a second look.
 */
final class TurnContextReads {
    /** The first system message is searched among this many seqs at first; a session starts with it. */
    static final long FIRST_SYSTEM_WINDOW = 64;
    /** The newest window spans this many seqs per message wanted: a turn stores about two others per model one. */
    private static final long SEQS_PER_WANTED = 3;

    /** A derived table's columns need names of their own: the parts' NULLs and created_at would repeat. */
    private static final String DERIVED_TABLE = "turn_context(" + IntStream
            .rangeClosed(0, JdbcValues.SESSION_COLUMN_COUNT + JdbcValues.MESSAGE_COLUMN_COUNT)
            .mapToObj(i -> "c" + i).collect(Collectors.joining(", ")) + ")";

    private TurnContextReads() {
    }

    /**
     * @param h2 whether the database is H2: it parses a UNION again on every execution (its parse cache keeps only
     *           plain SELECTs), so there the UNION is read as a derived table, which the cache keeps; MariaDB would
     *           copy that derived table, text columns and all, into a temporary table
     */
    static Optional<TurnContext> load(Connection connection, boolean h2, long chatbotId, SessionKey key,
                                      Set<Role> roles, int limit) throws SQLException {
        List<Role> wanted = List.copyOf(roles);
        boolean messagesWanted = limit > 0 && !wanted.isEmpty();
        long window = Math.max(FIRST_SYSTEM_WINDOW, SEQS_PER_WANTED * limit);
        Session session = null;
        TreeMap<Long, Message> systems = new TreeMap<>();
        TreeMap<Long, Message> recent = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(h2
                ? "SELECT * FROM (" + sql(wanted.size(), messagesWanted) + ") " + DERIVED_TABLE
                : sql(wanted.size(), messagesWanted))) {
            int p = 1;
            statement.setString(p++, key.value());
            statement.setString(p++, key.value());
            statement.setLong(p++, FIRST_SYSTEM_WINDOW);
            statement.setString(p++, Role.SYSTEM.wireName());
            if (messagesWanted) {
                statement.setString(p++, key.value());
                statement.setLong(p++, window);
                for (Role role : wanted) {
                    statement.setString(p++, role.wireName());
                }
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int part = rows.getInt(1);
                    if (part == 0) {
                        session = JdbcValues.session(rows, 2);
                    } else {
                        Message message = JdbcValues.message(rows, 2 + JdbcValues.SESSION_COLUMN_COUNT);
                        (part == 1 ? systems : recent).put(message.seq(), message);
                    }
                }
            }
        }
        // A key is unique across chatbots; another chatbot's key finds nothing here.
        if (session == null || session.chatbotId() != chatbotId) {
            return Optional.empty();
        }
        if (session.isEmpty()) {
            return Optional.of(new TurnContext(session, Optional.empty(), List.of()));
        }
        long sessionId = session.id();
        long lastSeq = session.lastSeq();
        Optional<Message> firstSystem = systems.isEmpty()
                ? firstSystemBeyond(connection, sessionId, lastSeq)
                : Optional.of(systems.firstEntry().getValue());
        List<Message> newest = new ArrayList<>(recent.values());
        long windowStart = Math.max(1, lastSeq - window + 1);
        if (messagesWanted && newest.size() < limit && windowStart > 1) {
            List<Message> older = olderMessages(connection, sessionId, windowStart - 1, wanted,
                    limit - newest.size());
            newest.addAll(0, older);
        }
        if (newest.size() > limit) {
            newest = newest.subList(newest.size() - limit, newest.size());
        }
        return Optional.of(new TurnContext(session, firstSystem, newest));
    }

    /** The session row alone, for a turn whose window is kept ({@link RecentWindows}). */
    static Optional<Session> session(Connection connection, SessionKey key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + JdbcValues.SESSION_COLUMNS
                + " FROM sessions s WHERE s.session_key = ?")) {
            statement.setString(1, key.value());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(JdbcValues.session(rows, 1)) : Optional.empty();
            }
        }
    }

    /** Part 0: the session; part 1: system messages in the first seqs; part 2: matching messages of the newest. */
    private static String sql(int roleCount, boolean messagesWanted) {
        String nullSession = "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL";
        String nullMessage = "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL";
        StringBuilder sql = new StringBuilder()
                .append("SELECT 0, ").append(JdbcValues.SESSION_COLUMNS).append(", ").append(nullMessage)
                .append(" FROM sessions s WHERE s.session_key = ?")
                .append(" UNION ALL SELECT 1, ").append(nullSession).append(", ").append(JdbcValues.MESSAGE_COLUMNS)
                .append(" FROM sessions s JOIN messages m ON m.session_id = s.id").append(JdbcValues.TURN_JOIN)
                .append(" WHERE s.session_key = ?")
                .append(" AND m.seq BETWEEN 1 AND ? AND m.role = ?");
        if (messagesWanted) {
            sql.append(" UNION ALL SELECT 2, ").append(nullSession).append(", ").append(JdbcValues.MESSAGE_COLUMNS)
                    .append(" FROM sessions s JOIN messages m ON m.session_id = s.id")
                    .append(JdbcValues.TURN_JOIN).append(" WHERE s.session_key = ?")
                    .append(" AND m.seq > s.last_seq - ? AND m.seq <= s.last_seq AND m.role IN (")
                    .append("?, ".repeat(roleCount - 1)).append("?)");
        }
        return sql.toString();
    }

    private static Optional<Message> firstSystemBeyond(Connection connection, long sessionId, long lastSeq)
            throws SQLException {
        if (lastSeq <= FIRST_SYSTEM_WINDOW) {
            return Optional.empty();
        }
        SQLException[] failure = new SQLException[1];
        Optional<Message> first = SeqWindows.oldest(() -> lastSeq, FIRST_SYSTEM_WINDOW, (from, to) -> {
            if (from == 1) {
                return List.of(); // read above already
            }
            return range(connection, sessionId, from, to, List.of(Role.SYSTEM), failure);
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return first;
    }

    private static List<Message> olderMessages(Connection connection, long sessionId, long below, List<Role> roles,
                                               int limit) throws SQLException {
        SQLException[] failure = new SQLException[1];
        List<Message> older = SeqWindows.newest(below, limit, 2L * limit,
                (from, to) -> range(connection, sessionId, from, to, roles, failure));
        if (failure[0] != null) {
            throw failure[0];
        }
        return older;
    }

    /** Matching messages with seq in [from, to], oldest first; a failure is handed out through {@code failure}. */
    private static List<Message> range(Connection connection, long sessionId, long from, long to, List<Role> roles,
                                       SQLException[] failure) {
        if (failure[0] != null) {
            return List.of();
        }
        try {
            return MessageRanges.read(connection, sessionId, from, to,
                    roles.containsAll(EnumSet.allOf(Role.class)) ? null : roles, 0);
        } catch (SQLException e) {
            failure[0] = e;
            return List.of();
        }
    }
}
