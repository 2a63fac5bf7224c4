package sh.smarter.prompt.tests.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Every session, message and turn row of a database, read with plain JDBC (no product code in between), and the
 * rules a stored conversation must keep however the server died (SPEC 6.8, 9):
 * <ul>
 *   <li>a session's seqs are dense, 1 to its {@code last_seq};</li>
 *   <li>a turn's messages are one contiguous run of seqs with one turn id and a {@code turns} row counting them
 *       (a message names its turn's id, or since schema version 12 its position after the turn's first seq);</li>
 *   <li>a turn holds the user's message, the configuration line and its end: the final assistant answer and the
 *       charges line, or a {@code smarter_error}. A user message without its end is a half-stored turn.</li>
 * </ul>
 */
final class StoredTurns {
    /** One message row. */
    record StoredMessage(long sessionId, long seq, String role, String content, boolean requestsTools,
                         String turnId) {
    }

    /** The messages of one turn, in seq order. */
    record StoredTurn(long sessionId, String turnId, List<StoredMessage> messages) {
        Optional<String> userInput() {
            return messages.stream().filter(m -> m.role().equals("user")).map(StoredMessage::content).findFirst();
        }

        /** The final assistant text, or empty when the turn ended with an error. */
        Optional<String> answer() {
            StoredMessage last = messages.get(messages.size() - 1);
            if (!isChargesLine(last)) {
                return Optional.empty();
            }
            return messages.stream().filter(m -> m.role().equals("assistant") && !m.requestsTools())
                    .map(StoredMessage::content).reduce((first, second) -> second);
        }

        boolean endedWithError() {
            return messages.get(messages.size() - 1).role().equals("smarter_error");
        }
    }

    private record TurnRow(long sessionId, long firstSeq, String turnId, int messageCount) {
    }

    private final Map<Long, Long> lastSeqBySession;
    private final List<StoredMessage> messages;
    private final List<TurnRow> turnRows;
    private final List<StoredTurn> turns;

    private StoredTurns(Map<Long, Long> lastSeqBySession, List<StoredMessage> messages, List<TurnRow> turnRows) {
        this.lastSeqBySession = lastSeqBySession;
        this.messages = messages;
        this.turnRows = turnRows;
        this.turns = groupIntoTurns(messages);
    }

    static StoredTurns read(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return read(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored turns", e);
        }
    }

    static StoredTurns read(Connection connection) throws SQLException {
        Map<Long, Long> sessions = new LinkedHashMap<>();
        List<StoredMessage> messages = new ArrayList<>();
        List<TurnRow> turnRows = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT id, last_seq FROM sessions ORDER BY id")) {
                while (rows.next()) {
                    sessions.put(rows.getLong(1), rows.getLong(2));
                }
            }
            // From schema version 12 a message names its turn by its position in it (seq - turn_position is the
            // turn's first_seq); rows written before name the turn id itself.
            try (ResultSet rows = statement.executeQuery("SELECT m.session_id, m.seq, m.role, m.content,"
                    + " m.tool_calls, COALESCE(m.turn_id, t.turn_id) FROM messages m LEFT JOIN turns t"
                    + " ON t.session_id = m.session_id AND t.first_seq = m.seq - m.turn_position"
                    + " ORDER BY m.session_id, m.seq")) {
                while (rows.next()) {
                    String toolCalls = rows.getString(5);
                    boolean requestsTools = toolCalls != null && !toolCalls.isBlank() && !toolCalls.equals("[]");
                    messages.add(new StoredMessage(rows.getLong(1), rows.getLong(2), rows.getString(3),
                            rows.getString(4), requestsTools, rows.getString(6)));
                }
            }
            try (ResultSet rows = statement.executeQuery(
                    "SELECT session_id, first_seq, turn_id, message_count FROM turns ORDER BY session_id, first_seq")) {
                while (rows.next()) {
                    turnRows.add(new TurnRow(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getInt(4)));
                }
            }
        }
        if (!connection.getAutoCommit()) {
            connection.rollback();
        }
        return new StoredTurns(sessions, messages, turnRows);
    }

    private static List<StoredTurn> groupIntoTurns(List<StoredMessage> messages) {
        Map<String, List<StoredMessage>> byTurn = new LinkedHashMap<>();
        for (StoredMessage message : messages) {
            byTurn.computeIfAbsent(message.sessionId() + "/" + message.turnId(), k -> new ArrayList<>())
                    .add(message);
        }
        return byTurn.values().stream()
                .map(run -> new StoredTurn(run.get(0).sessionId(), run.get(0).turnId(), List.copyOf(run)))
                .toList();
    }

    int sessionCount() {
        return lastSeqBySession.size();
    }

    Optional<StoredTurn> turn(String turnId) {
        return turns.stream().filter(t -> turnId.equals(t.turnId())).findFirst();
    }

    /** The turn whose user message is exactly this text (the load tests make every input unique). */
    Optional<StoredTurn> turnOfInput(String input) {
        return turns.stream().filter(t -> t.userInput().filter(input::equals).isPresent()).findFirst();
    }

    /** Every turn whose user message is exactly this text. */
    List<StoredTurn> turnsOfInput(String input) {
        return turns.stream().filter(t -> t.userInput().filter(input::equals).isPresent()).toList();
    }

    /** How many turns hold this exact user message: 1 for a prompt stored once. */
    long countOfInput(String input) {
        return turns.stream().filter(t -> t.userInput().filter(input::equals).isPresent()).count();
    }

    /** Every broken rule, one readable line each; empty when the database is consistent. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        denseSeqs(problems);
        for (StoredTurn turn : turns) {
            completeTurn(turn, problems);
        }
        matchingTurnRows(problems);
        return problems;
    }

    private void denseSeqs(List<String> problems) {
        Map<Long, Long> expectedNext = new LinkedHashMap<>();
        for (StoredMessage message : messages) {
            long expected = expectedNext.getOrDefault(message.sessionId(), 1L);
            if (message.seq() != expected) {
                problems.add("session " + message.sessionId() + ": seq " + message.seq() + " follows seq "
                        + (expected - 1) + " (seqs must be dense)");
            }
            expectedNext.put(message.sessionId(), message.seq() + 1);
        }
        lastSeqBySession.forEach((session, lastSeq) -> {
            long stored = expectedNext.getOrDefault(session, 1L) - 1;
            if (stored != lastSeq) {
                problems.add("session " + session + ": last_seq is " + lastSeq + " but " + stored
                        + " messages are stored");
            }
        });
    }

    private static void completeTurn(StoredTurn turn, List<String> problems) {
        String name = "session " + turn.sessionId() + " turn " + turn.turnId();
        List<StoredMessage> run = turn.messages();
        if (turn.turnId() == null) {
            problems.add(name + ": " + run.size() + " message(s) without a turn id");
            return;
        }
        if (run.get(run.size() - 1).seq() - run.get(0).seq() + 1 != run.size()) {
            problems.add(name + ": its messages are not one contiguous run of seqs");
        }
        long users = run.stream().filter(m -> m.role().equals("user")).count();
        if (users != 1) {
            problems.add(name + ": " + users + " user messages instead of 1");
        }
        boolean configured = run.stream().anyMatch(m -> m.role().equals("smarter")
                && m.content() != null && m.content().startsWith("Prompt configuration:"));
        if (!configured) {
            problems.add(name + ": no configuration line");
        }
        if (turn.answer().isEmpty() && !turn.endedWithError()) {
            problems.add(name + ": half-stored, it ends with " + run.get(run.size() - 1).role()
                    + " instead of the answer and its charges line or a smarter_error");
        }
    }

    private void matchingTurnRows(List<String> problems) {
        Map<String, StoredTurn> byKey = new LinkedHashMap<>();
        turns.forEach(t -> byKey.put(t.sessionId() + "/" + t.turnId(), t));
        for (TurnRow row : turnRows) {
            StoredTurn turn = byKey.remove(row.sessionId() + "/" + row.turnId());
            if (turn == null) {
                problems.add("session " + row.sessionId() + " turn " + row.turnId() + ": a turns row without messages");
            } else if (turn.messages().size() != row.messageCount() || turn.messages().get(0).seq() != row.firstSeq()) {
                problems.add("session " + row.sessionId() + " turn " + row.turnId() + ": the turns row counts "
                        + row.messageCount() + " messages from seq " + row.firstSeq() + ", stored are "
                        + turn.messages().size() + " from seq " + turn.messages().get(0).seq());
            }
        }
        byKey.values().stream().filter(t -> t.turnId() != null).forEach(t -> problems.add("session "
                + t.sessionId() + " turn " + t.turnId() + ": messages without a turns row"));
    }

    private static boolean isChargesLine(StoredMessage message) {
        return message.role().equals("smarter") && message.content() != null
                && message.content().contains(" prompt charges: ");
    }

    @Override
    public String toString() {
        return sessionCount() + " sessions, " + turns.size() + " turns, " + messages.size() + " messages";
    }
}
