package sh.smarter.prompt.persistence.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.session.AppendedTurn;
import sh.smarter.prompt.core.session.DailyTokenUse;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.core.session.Turn;

/**
 * One attempt to append a turn, in plain JDBC on the transaction's connection: claim the next seqs, mark the turn's
 * idempotency key done (only a turn that has one), insert the turn's messages in one batch and its turn row with
 * the provider exchanges stored by reference ({@link ExchangeCodec}), add its tokens to the totals in one
 * statement. Tool calls, plugin selections and a tool set not stored before add one batch each. The caller
 * commits, or rolls back and retries when the attempt comes back empty (another append claimed the seqs first).
 *
 * <p>The claim moves {@code last_seq} only from the value the attempt expects, so exactly one append wins each seq
 * on any database and any number of server instances. A session read earlier in the same turn gives the expected
 * value directly: uncontended, the claim is the first and only statement about the session. When that claim misses,
 * the attempt reads the session with a row lock, which queues concurrent appends instead of letting them race,
 * and claims from what it read.
 */
final class TurnAppender {
    private static final String CLAIM = "UPDATE sessions SET last_seq = ?, updated_at = ?, title = COALESCE(title, ?)"
            + " WHERE id = ? AND last_seq = ?";
    private static final String LOCK_SESSION = "SELECT " + JdbcValues.SESSION_COLUMNS
            + " FROM sessions s WHERE s.id = ? FOR UPDATE";
    private static final String INSERT_MESSAGE = "INSERT INTO messages (session_id, seq, role, content, tool_calls,"
            + " tool_call_id, name, turn_id, turn_position, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_TURN = "INSERT INTO turns (session_id, first_seq, turn_id, chatbot_id,"
            + " account_id, message_count, prompt_tokens, completion_tokens, total_tokens, started_at, stored_at,"
            + " exchanges) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Tool sets are named by their content's hash: a set stored before is the same set, so a repeat is skipped. */
    private static final String INSERT_TOOL_SET = "INSERT IGNORE INTO tool_sets (hash, tools) VALUES (?, ?)";
    private static final String INSERT_EXECUTION = "INSERT INTO tool_executions (session_id, turn_seq, ordinal,"
            + " turn_id, tool_call_id, function_name, arguments, result, plugin_id, plugin_name, duration_ms,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_SELECTION = "INSERT INTO plugin_selections (session_id, turn_seq, ordinal,"
            + " turn_id, plugin_id, plugin_name, input_text, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private TurnAppender() {
    }

    /**
     * @param readBefore   the session as this turn read it, or null to start with the locking read
     * @param readMessages stored messages of the session this turn read, which its requests may repeat
     * @param now          the time stored on the rows, already cut to microseconds
     */
    static Optional<AppendedTurn> tryAppend(Connection connection, long sessionId, Session readBefore,
                                            List<Message> readMessages, Turn turn, Instant now) throws SQLException {
        return tryAppend(connection, sessionId, readBefore, readMessages, turn, now, StoredToolSets.NONE);
    }

    /**
     * @param toolSets the {@code tool_sets} rows known to be stored already, which need no insert; told the ones
     *                 this attempt inserts, to remember once the transaction commits
     */
    static Optional<AppendedTurn> tryAppend(Connection connection, long sessionId, Session readBefore,
                                            List<Message> readMessages, Turn turn, Instant now,
                                            StoredToolSets.Attempt toolSets) throws SQLException {
        Session before = readBefore;
        if (before == null || !claim(connection, before, turn, now)) {
            before = lockSession(connection, sessionId);
            if (!claim(connection, before, turn, now)) {
                return Optional.empty();
            }
        }
        List<NewMessage> drafts = drafts(before, turn);
        long firstSeq = before.lastSeq() + 1;
        JpaIdempotencyKeys.complete(connection, sessionId, firstSeq, turn);
        List<Message> stored = insertMessages(connection, sessionId, firstSeq, drafts, turn.id(), now);
        ExchangeCodec.Encoded exchanges = null;
        if (!turn.exchanges().isEmpty()) {
            ExchangeCodec.Candidates candidates = new ExchangeCodec.Candidates();
            candidates.addAll(readMessages);
            candidates.addAll(stored);
            exchanges = ExchangeCodec.encode(turn.exchanges(), candidates);
            insertToolSets(connection, toolSets.toInsert(exchanges.toolSets()));
        }
        insertTurn(connection, sessionId, firstSeq, turn, drafts.size(), now, exchanges);
        insertRecords(connection, sessionId, firstSeq, turn);
        TokenTotals.add(connection, sessionId, turn.chatbotId(), turn.accountId(),
                DailyTokenUse.dayOf(turn.startedAt()), turn.usage());
        Session after = new Session(before.id(), before.key(), before.chatbotId(), before.client(),
                title(before, turn), before.createdAt(), now, before.lastSeq() + drafts.size());
        return Optional.of(new AppendedTurn(after, stored));
    }

    private static List<NewMessage> drafts(Session before, Turn turn) {
        List<NewMessage> drafts = new ArrayList<>(turn.seedIfEmpty().size() + turn.messages().size());
        if (before.lastSeq() == 0) {
            drafts.addAll(turn.seedIfEmpty());
        }
        drafts.addAll(turn.messages());
        return drafts;
    }

    private static String title(Session before, Turn turn) {
        return before.title() != null ? before.title() : SessionRows.clipTitle(turn.titleIfUntitled());
    }

    /** Moves last_seq past this turn's messages if it is still what {@code before} says. */
    private static boolean claim(Connection connection, Session before, Turn turn, Instant now) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setLong(1, before.lastSeq() + drafts(before, turn).size());
            JdbcValues.setInstant(claim, 2, now);
            JdbcValues.setText(claim, 3, SessionRows.clipTitle(turn.titleIfUntitled()));
            claim.setLong(4, before.id());
            claim.setLong(5, before.lastSeq());
            return claim.executeUpdate() == 1;
        }
    }

    private static Session lockSession(Connection connection, long sessionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(LOCK_SESSION)) {
            select.setLong(1, sessionId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw PromptException.notFound("session not found");
                }
                return JdbcValues.session(rows, 1);
            }
        }
    }

    private static List<Message> insertMessages(Connection connection, long sessionId, long firstSeq,
                                                List<NewMessage> drafts, String turnId, Instant now)
            throws SQLException {
        List<Message> stored = new ArrayList<>(drafts.size());
        try (PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE)) {
            long seq = firstSeq;
            for (NewMessage draft : drafts) {
                String toolCalls = SessionRows.toolCallsJson(draft.toolCalls());
                insert.setLong(1, sessionId);
                insert.setLong(2, seq);
                insert.setString(3, draft.role().wireName());
                JdbcValues.setText(insert, 4, draft.content());
                JdbcValues.setText(insert, 5, toolCalls);
                JdbcValues.setText(insert, 6, draft.toolCallId());
                JdbcValues.setText(insert, 7, draft.name());
                // The turn is found from the position (JdbcValues.MESSAGE_COLUMNS); the id is written only where
                // the column cannot hold the position.
                long position = seq - firstSeq;
                if (position <= Short.MAX_VALUE) {
                    insert.setNull(8, Types.VARCHAR);
                    insert.setShort(9, (short) position);
                } else {
                    insert.setString(8, turnId);
                    insert.setNull(9, Types.SMALLINT);
                }
                JdbcValues.setInstant(insert, 10, now);
                insert.addBatch();
                stored.add(new Message(seq, draft.role(), draft.content(), draft.toolCalls(), draft.toolCallId(),
                        draft.name(), turnId, now));
                seq++;
            }
            insert.executeBatch();
        }
        return stored;
    }

    private static void insertToolSets(Connection connection, Map<String, String> toolSets) throws SQLException {
        if (toolSets.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_TOOL_SET)) {
            for (Map.Entry<String, String> set : toolSets.entrySet()) {
                insert.setString(1, set.getKey());
                insert.setString(2, set.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertTurn(Connection connection, long sessionId, long firstSeq, Turn turn, int count,
                                   Instant now, ExchangeCodec.Encoded exchanges) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_TURN)) {
            insert.setLong(1, sessionId);
            insert.setLong(2, firstSeq);
            insert.setString(3, turn.id());
            insert.setLong(4, turn.chatbotId());
            insert.setLong(5, turn.accountId());
            insert.setInt(6, count);
            insert.setLong(7, turn.usage().promptTokens());
            insert.setLong(8, turn.usage().completionTokens());
            insert.setLong(9, turn.usage().totalTokens());
            JdbcValues.setInstant(insert, 10, SessionRows.microseconds(turn.startedAt()));
            JdbcValues.setInstant(insert, 11, now);
            JdbcValues.setText(insert, 12, exchanges == null ? null : exchanges.json());
            insert.executeUpdate();
        }
    }

    private static void insertRecords(Connection connection, long sessionId, long turnSeq, Turn turn)
            throws SQLException {
        if (!turn.toolExecutions().isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_EXECUTION)) {
                int ordinal = 0;
                for (ToolExecution execution : turn.toolExecutions()) {
                    insert.setLong(1, sessionId);
                    insert.setLong(2, turnSeq);
                    insert.setInt(3, ordinal++);
                    insert.setString(4, execution.turnId());
                    JdbcValues.setText(insert, 5, execution.toolCallId());
                    insert.setString(6, execution.functionName());
                    JdbcValues.setText(insert, 7, execution.arguments());
                    JdbcValues.setText(insert, 8, execution.result());
                    JdbcValues.setLong(insert, 9, execution.pluginId());
                    JdbcValues.setText(insert, 10, execution.pluginName());
                    insert.setLong(11, execution.durationMillis());
                    JdbcValues.setInstant(insert, 12, SessionRows.microseconds(execution.createdAt()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        if (!turn.pluginSelections().isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_SELECTION)) {
                int ordinal = 0;
                for (PluginSelection selection : turn.pluginSelections()) {
                    insert.setLong(1, sessionId);
                    insert.setLong(2, turnSeq);
                    insert.setInt(3, ordinal++);
                    insert.setString(4, selection.turnId());
                    insert.setLong(5, selection.pluginId());
                    insert.setString(6, selection.pluginName());
                    JdbcValues.setText(insert, 7, selection.inputText());
                    JdbcValues.setText(insert, 8, selection.reason());
                    JdbcValues.setInstant(insert, 9, SessionRows.microseconds(selection.createdAt()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }
}
