package sh.smarter.prompt.persistence.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
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
 * One attempt to append a turn, in plain JDBC on the transaction's connection: claim the next seqs, then the turn's
 * writes ({@link ChainedWrites}): mark its idempotency key done (only a turn that has one), insert its messages,
 * the tool set its exchanges name if not stored before, its turn row with the provider exchanges stored by
 * reference ({@link ExchangeCodec}), its tool calls and plugin selections if any, and add its tokens to the totals.
 * On MySQL those writes go as one text, in one round trip, unless the server refuses such texts or the turn is too
 * large for one packet; on H2, which runs in this process, one statement each.
 * The caller commits, or rolls back and retries when the attempt comes back empty (another append claimed the seqs
 * first).
 *
 * <p>The claim moves {@code last_seq} only from the value the attempt expects, so exactly one append wins each seq
 * on any database and any number of server instances. A session read earlier in the same turn gives the expected
 * value directly: uncontended, the claim is the first and only statement about the session. When that claim misses,
 * the attempt reads the session with a row lock, which queues concurrent appends instead of letting them race,
 * and claims from what it read. The claim stays a statement of its own: the writes after it must not run when it
 * misses.
 */
final class TurnAppender {
    private static final String CLAIM = "UPDATE sessions SET last_seq = ?, updated_at = ?, title = COALESCE(title, ?)"
            + " WHERE id = ? AND last_seq = ?";
    private static final String LOCK_SESSION = "SELECT " + JdbcValues.SESSION_COLUMNS
            + " FROM sessions s WHERE s.id = ? FOR UPDATE";
    private static final String INSERT_MESSAGES = "INSERT INTO messages (session_id, seq, role, content, tool_calls,"
            + " tool_call_id, name, turn_id, turn_position, created_at)";
    private static final String INSERT_TURN = "INSERT INTO turns (session_id, first_seq, turn_id, chatbot_id,"
            + " account_id, message_count, prompt_tokens, completion_tokens, total_tokens, started_at, stored_at,"
            + " exchanges) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Tool sets are named by their content's hash: a set stored before is the same set, so a repeat is skipped. */
    private static final String INSERT_TOOL_SETS = "INSERT IGNORE INTO tool_sets (hash, tools)";
    private static final String INSERT_EXECUTIONS = "INSERT INTO tool_executions (session_id, turn_seq, ordinal,"
            + " turn_id, tool_call_id, function_name, arguments, result, plugin_id, plugin_name, duration_ms,"
            + " created_at)";
    private static final String INSERT_SELECTIONS = "INSERT INTO plugin_selections (session_id, turn_seq, ordinal,"
            + " turn_id, plugin_id, plugin_name, input_text, reason, created_at)";

    private TurnAppender() {
    }

    /**
     * @param oneTextBytes the most bytes the database takes in one text of several statements; 0 when it takes
     *                     one statement at a time
     * @param readBefore   the session as this turn read it, or null to start with the locking read
     * @param readMessages stored messages of the session this turn read, which its requests may repeat
     * @param now          the time stored on the rows, already cut to microseconds
     * @param toolSets     the {@code tool_sets} rows known to be stored already, which need no insert; told the
     *                     ones this attempt inserts, to remember once the transaction commits
     */
    static Optional<AppendedTurn> tryAppend(Connection connection, long oneTextBytes, long sessionId,
                                            Session readBefore, List<Message> readMessages, Turn turn, Instant now,
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
        ChainedWrites writes = new ChainedWrites();
        int keyDone = JpaIdempotencyKeys.complete(writes, sessionId, firstSeq, turn);
        List<Message> stored = insertMessages(writes, sessionId, firstSeq, drafts, turn.id(), now);
        ExchangeCodec.Encoded exchanges = null;
        if (!turn.exchanges().isEmpty()) {
            ExchangeCodec.Candidates candidates = new ExchangeCodec.Candidates();
            candidates.addAll(readMessages);
            candidates.addAll(stored);
            exchanges = ExchangeCodec.encode(turn.exchanges(), candidates);
            insertToolSets(writes, toolSets.toInsert(exchanges.toolSets()));
        }
        insertTurn(writes, sessionId, firstSeq, turn, drafts.size(), now, exchanges);
        insertRecords(writes, sessionId, firstSeq, turn);
        LocalDate day = DailyTokenUse.dayOf(turn.startedAt());
        int charge = TokenTotals.charge(writes, sessionId, turn.chatbotId(), turn.accountId(), day, turn.usage());
        int[] counts = writes.run(connection, oneTextBytes);
        JpaIdempotencyKeys.requireCompleted(counts, keyDone);
        if (charge >= 0) {
            TokenTotals.settle(connection, counts[charge], sessionId, turn.chatbotId(), turn.accountId(), day,
                    turn.usage());
        }
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

    private static List<Message> insertMessages(ChainedWrites writes, long sessionId, long firstSeq,
                                                List<NewMessage> drafts, String turnId, Instant now) {
        List<Message> stored = new ArrayList<>(drafts.size());
        List<ChainedWrites.Binder> rows = new ArrayList<>(drafts.size());
        // Values are worked out once: a chained write binds each row twice (ChainedWrites measures it first).
        String nowText = JdbcValues.text(now);
        long seq = firstSeq;
        for (NewMessage draft : drafts) {
            Message message = new Message(seq++, draft.role(), draft.content(), draft.toolCalls(),
                    draft.toolCallId(), draft.name(), turnId, now);
            stored.add(message);
            String toolCalls = SessionRows.toolCallsJson(message.toolCalls());
            rows.add((insert, first) -> {
                insert.setLong(first, sessionId);
                insert.setLong(first + 1, message.seq());
                insert.setString(first + 2, message.role().wireName());
                JdbcValues.setText(insert, first + 3, message.content());
                JdbcValues.setText(insert, first + 4, toolCalls);
                JdbcValues.setText(insert, first + 5, message.toolCallId());
                JdbcValues.setText(insert, first + 6, message.name());
                // The turn is found from the position (JdbcValues.MESSAGE_COLUMNS); the id is written only where
                // the column cannot hold the position.
                long position = message.seq() - firstSeq;
                if (position <= Short.MAX_VALUE) {
                    insert.setNull(first + 7, Types.VARCHAR);
                    insert.setShort(first + 8, (short) position);
                } else {
                    insert.setString(first + 7, turnId);
                    insert.setNull(first + 8, Types.SMALLINT);
                }
                JdbcValues.setText(insert, first + 9, nowText);
            });
        }
        writes.addRows(INSERT_MESSAGES, 10, rows);
        return stored;
    }

    private static void insertToolSets(ChainedWrites writes, Map<String, String> toolSets) {
        List<ChainedWrites.Binder> rows = new ArrayList<>(toolSets.size());
        for (Map.Entry<String, String> set : toolSets.entrySet()) {
            rows.add((insert, first) -> {
                insert.setString(first, set.getKey());
                insert.setString(first + 1, set.getValue());
            });
        }
        writes.addRows(INSERT_TOOL_SETS, 2, rows);
    }

    private static void insertTurn(ChainedWrites writes, long sessionId, long firstSeq, Turn turn, int count,
                                   Instant now, ExchangeCodec.Encoded exchanges) {
        String startedText = JdbcValues.text(SessionRows.microseconds(turn.startedAt()));
        String nowText = JdbcValues.text(now);
        String exchangesText = exchanges == null ? null : exchanges.json();
        writes.add(INSERT_TURN, 12, (insert, first) -> {
            insert.setLong(first, sessionId);
            insert.setLong(first + 1, firstSeq);
            insert.setString(first + 2, turn.id());
            insert.setLong(first + 3, turn.chatbotId());
            insert.setLong(first + 4, turn.accountId());
            insert.setInt(first + 5, count);
            insert.setLong(first + 6, turn.usage().promptTokens());
            insert.setLong(first + 7, turn.usage().completionTokens());
            insert.setLong(first + 8, turn.usage().totalTokens());
            JdbcValues.setText(insert, first + 9, startedText);
            JdbcValues.setText(insert, first + 10, nowText);
            JdbcValues.setText(insert, first + 11, exchangesText);
        });
    }

    private static void insertRecords(ChainedWrites writes, long sessionId, long turnSeq, Turn turn) {
        List<ChainedWrites.Binder> executions = new ArrayList<>(turn.toolExecutions().size());
        for (ToolExecution execution : turn.toolExecutions()) {
            int ordinal = executions.size();
            String createdText = JdbcValues.text(SessionRows.microseconds(execution.createdAt()));
            executions.add((insert, first) -> {
                insert.setLong(first, sessionId);
                insert.setLong(first + 1, turnSeq);
                insert.setInt(first + 2, ordinal);
                insert.setString(first + 3, execution.turnId());
                JdbcValues.setText(insert, first + 4, execution.toolCallId());
                insert.setString(first + 5, execution.functionName());
                JdbcValues.setText(insert, first + 6, execution.arguments());
                JdbcValues.setText(insert, first + 7, execution.result());
                JdbcValues.setLong(insert, first + 8, execution.pluginId());
                JdbcValues.setText(insert, first + 9, execution.pluginName());
                insert.setLong(first + 10, execution.durationMillis());
                JdbcValues.setText(insert, first + 11, createdText);
            });
        }
        writes.addRows(INSERT_EXECUTIONS, 12, executions);
        List<ChainedWrites.Binder> selections = new ArrayList<>(turn.pluginSelections().size());
        for (PluginSelection selection : turn.pluginSelections()) {
            int ordinal = selections.size();
            String createdText = JdbcValues.text(SessionRows.microseconds(selection.createdAt()));
            selections.add((insert, first) -> {
                insert.setLong(first, sessionId);
                insert.setLong(first + 1, turnSeq);
                insert.setInt(first + 2, ordinal);
                insert.setString(first + 3, selection.turnId());
                insert.setLong(first + 4, selection.pluginId());
                insert.setString(first + 5, selection.pluginName());
                JdbcValues.setText(insert, first + 6, selection.inputText());
                JdbcValues.setText(insert, first + 7, selection.reason());
                JdbcValues.setText(insert, first + 8, createdText);
            });
        }
        writes.addRows(INSERT_SELECTIONS, 9, selections);
    }
}
