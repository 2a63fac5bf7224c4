package sh.smarter.prompt.persistence.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.ProviderExchange;

/**
 * Reads provider exchanges back: the newest turns that have some, then the messages and tool sets their
 * references name, then each exchange rebuilt by {@link ExchangeCodec}.
 */
final class ExchangeReads {
    /** Seqs and hashes per IN list: well under every database's limit on parameters. */
    private static final int CHUNK = 500;
    private static final int RANGES_PER_STATEMENT = 50;
    private static final long RANGE_GAP = 16;

    private ExchangeReads() {
    }

    private record StoredTurn(long firstSeq, String turnId, String exchanges) {
    }

    /** The newest {@code limit} exchanges of the session, newest first. */
    static List<ProviderExchange> newest(Connection connection, long sessionId, int limit) throws SQLException {
        long lastSeq = lastSeq(connection, sessionId);
        SQLException[] failure = new SQLException[1];
        // A turn spans a few seqs and holds at least one exchange: `limit` turns are enough.
        List<StoredTurn> turns = SeqWindows.newest(lastSeq, limit, Math.max(64, 8L * limit),
                (from, to) -> turnsBetween(connection, sessionId, from, to, failure));
        if (failure[0] != null) {
            throw failure[0];
        }
        List<String> columns = expanded(connection, turns.stream().map(StoredTurn::exchanges).toList());
        ExchangeCodec.Needs needs = ExchangeCodec.needs(columns);
        Map<Long, Message> messages = messages(connection, sessionId, new ArrayList<>(needs.seqs()));
        Map<String, String> toolSets = toolSets(connection, new ArrayList<>(needs.toolSets()));
        List<ProviderExchange> oldestFirst = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            oldestFirst.addAll(ExchangeCodec.decode(turns.get(i).turnId(), columns.get(i), messages::get,
                    toolSets::get));
        }
        List<ProviderExchange> newestFirst = new ArrayList<>(
                oldestFirst.subList(Math.max(0, oldestFirst.size() - limit), oldestFirst.size()));
        Collections.reverse(newestFirst);
        return List.copyOf(newestFirst);
    }

    /** The exchanges of the turn whose first message has {@code turnSeq}, oldest first. */
    static List<ProviderExchange> ofTurn(Connection connection, long sessionId, long turnSeq, String turnId)
            throws SQLException {
        String column;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT exchanges FROM turns WHERE session_id = ? AND first_seq = ?")) {
            select.setLong(1, sessionId);
            select.setLong(2, turnSeq);
            try (ResultSet rows = select.executeQuery()) {
                column = rows.next() ? rows.getString(1) : null;
            }
        }
        if (column == null) {
            return List.of();
        }
        column = expanded(connection, List.of(column)).get(0);
        ExchangeCodec.Needs needs = ExchangeCodec.needs(List.of(column));
        Map<Long, Message> messages = messages(connection, sessionId, new ArrayList<>(needs.seqs()));
        Map<String, String> toolSets = toolSets(connection, new ArrayList<>(needs.toolSets()));
        return ExchangeCodec.decode(turnId, column, messages::get, toolSets::get);
    }

    /** The columns with their shapes filled in, the shapes read in one go (stored beside the tool sets). */
    private static List<String> expanded(Connection connection, List<String> columns) throws SQLException {
        Map<String, String> shapes = toolSets(connection, new ArrayList<>(ExchangeCodec.shapes(columns)));
        return columns.stream().map(column -> ExchangeCodec.expanded(column, shapes::get)).toList();
    }

    private static long lastSeq(Connection connection, long sessionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT last_seq FROM sessions WHERE id = ?")) {
            select.setLong(1, sessionId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private static List<StoredTurn> turnsBetween(Connection connection, long sessionId, long from, long to,
                                                 SQLException[] failure) {
        if (failure[0] != null) {
            return List.of();
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT first_seq, turn_id, exchanges FROM turns"
                + " WHERE session_id = ? AND first_seq BETWEEN ? AND ? AND exchanges IS NOT NULL ORDER BY first_seq")) {
            select.setLong(1, sessionId);
            select.setLong(2, from);
            select.setLong(3, to);
            List<StoredTurn> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(new StoredTurn(rows.getLong(1), rows.getString(2), rows.getString(3)));
                }
            }
            return found;
        } catch (SQLException e) {
            failure[0] = e;
            return List.of();
        }
    }

    /**
     * The stored messages of these seqs. Asked as ranges of seqs, not as {@code seq IN (...)}: H2 takes only the
     * session from the primary key for an IN list and then reads every message of the session (10,000 rows for a
     * configuration object's ten requests), while a range is one short index scan on both databases. The seqs of a
     * context window are consecutive, so a few ranges cover them; rows between two close ranges are read and left.
     */
    private static Map<Long, Message> messages(Connection connection, long sessionId, List<Long> seqs)
            throws SQLException {
        Set<Long> wanted = new HashSet<>(seqs);
        List<long[]> ranges = ranges(new TreeSet<>(seqs));
        Map<Long, Message> found = new HashMap<>();
        for (int start = 0; start < ranges.size(); start += RANGES_PER_STATEMENT) {
            List<long[]> chunk = ranges.subList(start, Math.min(ranges.size(), start + RANGES_PER_STATEMENT));
            String one = "SELECT " + JdbcValues.MESSAGE_COLUMNS + " FROM " + JdbcValues.MESSAGES
                    + " WHERE m.session_id = ? AND m.seq BETWEEN ? AND ?";
            String sql = String.join(" UNION ALL ", Collections.nCopies(chunk.size(), one));
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int p = 1;
                for (long[] range : chunk) {
                    select.setLong(p++, sessionId);
                    select.setLong(p++, range[0]);
                    select.setLong(p++, range[1]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Message message = JdbcValues.message(rows, 1);
                        if (wanted.contains(message.seq())) {
                            found.put(message.seq(), message);
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Sorted seqs as inclusive ranges, two ranges joined when fewer than {@link #RANGE_GAP} seqs lie between. */
    static List<long[]> ranges(SortedSet<Long> seqs) {
        List<long[]> ranges = new ArrayList<>();
        for (long seq : seqs) {
            long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && seq - last[1] <= RANGE_GAP) {
                last[1] = seq;
            } else {
                ranges.add(new long[] {seq, seq});
            }
        }
        return ranges;
    }

    private static Map<String, String> toolSets(Connection connection, List<String> hashes) throws SQLException {
        Map<String, String> found = new HashMap<>();
        for (int start = 0; start < hashes.size(); start += CHUNK) {
            List<String> chunk = hashes.subList(start, Math.min(hashes.size(), start + CHUNK));
            String sql = "SELECT hash, tools FROM tool_sets WHERE hash IN (" + "?, ".repeat(chunk.size() - 1) + "?)";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
        }
        return found;
    }
}
