package sh.smarter.prompt.persistence.session;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes of one append after its claim, in order. Where the database takes several statements in one text
 * (MySQL with {@code allowMultiQueries}, which the store asks the server about on opening), they go as one text in
 * one round trip, rows as one multi-row {@code INSERT}; elsewhere (H2, which runs in this process), and for a turn
 * too large for one packet, one statement each, rows as a JDBC batch (which the MySQL driver splits into packets
 * the server accepts). A database stops at the first statement that fails, and the failure comes back as that
 * statement's exception either way, so the caller's rollback and retry are the same for both.
 *
 * <p>Values are always bound: the text joins statements the store wrote, never anything a user sent.
 */
final class ChainedWrites {
    /** Binds one statement's or one row's values, the first of them at {@code first}. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement, int first) throws SQLException;
    }

    /**
     * The most bytes one bound value takes in a text: a character is at most 3 bytes in UTF-8 (a surrogate pair is
     * 4 for 2), or 2 when the driver escapes it with a backslash; a number or a time is short.
     */
    private static final int BYTES_PER_CHAR = 3;
    private static final int BYTES_PER_OTHER_VALUE = 32;

    /**
     * @param sql     a whole statement, or for rows {@code INSERT INTO table (column, ...)} without its values
     * @param columns how many values the statement, or each row, binds
     * @param rows    the statement's one binder, or one per row
     */
    private record Write(String sql, int columns, List<Binder> rows, boolean insertsRows) {
        String text(boolean chained) {
            return insertsRows ? valuesFor(chained ? rows.size() : 1) : sql;
        }

        private String valuesFor(int count) {
            String row = "(?" + ", ?".repeat(columns - 1) + ")";
            StringBuilder text = new StringBuilder(sql.length() + 9 + count * (row.length() + 2)).append(sql)
                    .append(" VALUES ").append(row);
            for (int i = 1; i < count; i++) {
                text.append(", ").append(row);
            }
            return text.toString();
        }
    }

    private final List<Write> writes = new ArrayList<>(4);

    /**
     * Adds one statement.
     *
     * @param parameters how many {@code ?} {@code sql} holds
     * @return its position, under which {@link #run} returns its update count
     */
    int add(String sql, int parameters, Binder values) {
        writes.add(new Write(sql, parameters, List.of(values), false));
        return writes.size() - 1;
    }

    /**
     * Adds rows to insert into one table; none adds nothing.
     *
     * @param insertInto {@code INSERT INTO table (column, ...)}, without {@code VALUES}
     * @param columns    how many values each row binds
     */
    void addRows(String insertInto, int columns, List<Binder> rows) {
        if (!rows.isEmpty()) {
            writes.add(new Write(insertInto, columns, List.copyOf(rows), true));
        }
    }

    /**
     * Runs the writes added so far, in order.
     *
     * @param oneTextBytes the most bytes the database takes in one text of several statements; 0 when it takes one
     *                     statement at a time
     * @return the update count of each statement added with {@link #add}, by its position
     */
    int[] run(Connection connection, long oneTextBytes) throws SQLException {
        int[] counts = new int[writes.size()];
        if (writes.size() == 1 || oneTextBytes <= 0 || mostBytes() > oneTextBytes) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = runAlone(connection, writes.get(i));
            }
            return counts;
        }
        StringBuilder text = new StringBuilder();
        for (Write write : writes) {
            text.append(text.length() == 0 ? "" : ";\n").append(write.text(true));
        }
        try (PreparedStatement statement = connection.prepareStatement(text.toString())) {
            int first = 1;
            for (Write write : writes) {
                for (Binder row : write.rows()) {
                    row.bind(statement, first);
                    first += write.columns();
                }
            }
            // The driver reads every statement's result before execute returns, and throws the first failure.
            boolean rows = statement.execute();
            for (int i = 0; i < counts.length; i++) {
                if (i > 0) {
                    rows = statement.getMoreResults();
                }
                counts[i] = statement.getUpdateCount();
                if (rows || counts[i] < 0) {
                    throw new SQLException("write " + (i + 1) + " of " + counts.length + " gave no update count: "
                            + writes.get(i).sql());
                }
            }
        }
        return counts;
    }

    private static int runAlone(Connection connection, Write write) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(write.text(false))) {
            if (!write.insertsRows()) {
                write.rows().get(0).bind(statement, 1);
                return statement.executeUpdate();
            }
            for (Binder row : write.rows()) {
                row.bind(statement, 1);
                statement.addBatch();
            }
            statement.executeBatch();
            return write.rows().size();
        }
    }

    /**
     * The most bytes the writes can take as one text, found by binding every value to a statement that only adds up
     * sizes: the binders stay the one place that knows what a row holds.
     */
    private long mostBytes() throws SQLException {
        long[] bytes = {0};
        PreparedStatement measuring = (PreparedStatement) Proxy.newProxyInstance(
                ChainedWrites.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    if (!method.getName().startsWith("set") || args == null || args.length < 2) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    bytes[0] += args[1] instanceof String text ? (long) BYTES_PER_CHAR * text.length() + 2
                            : BYTES_PER_OTHER_VALUE;
                    return null;
                });
        for (Write write : writes) {
            bytes[0] += write.sql().length() + (long) write.rows().size() * (4L * write.columns() + 4);
            for (Binder row : write.rows()) {
                row.bind(measuring, 1);
            }
        }
        return bytes[0];
    }
}
