package sh.smarter.prompt.persistence.session;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import sh.smarter.prompt.core.session.DailyTokenUse;
import sh.smarter.prompt.core.session.TokenUsage;

/**
 * The token totals of chatbots and accounts, kept per UTC day in {@code token_usage_daily} (V7, V11): the day's
 * totals are what daily budgets read, and an all-time total is the sum of its days. Each day's total is spread over
 * {@value #SHARDS} shards picked by session, so turns of different sessions rarely wait for each other's row locks.
 *
 * <p>A turn adds to its chatbot's and its account's row in one statement inside its own transaction: the rows stay
 * locked until it commits, so no update is lost, and one statement takes both locks in one order (the primary
 * key's), so two turns never deadlock on them.
 */
final class TokenTotals {
    static final String CHATBOT = "chatbot";
    static final String ACCOUNT = "account";
    static final int SHARDS = 16;
    /** The SQL state that the session store's write retries take as "roll back and run again". */
    private static final String SERIALIZATION_FAILURE = "40001";

    private static final String ADD = "UPDATE token_usage_daily SET prompt_tokens = prompt_tokens + ?,"
            + " completion_tokens = completion_tokens + ?, total_tokens = total_tokens + ?, turns = turns + 1"
            + " WHERE usage_day = ? AND ((scope = ? AND scope_id = ? AND shard = ?)"
            + " OR (scope = ? AND scope_id = ? AND shard = ?))";
    private static final String EXISTING = "SELECT scope FROM token_usage_daily WHERE usage_day = ?"
            + " AND ((scope = ? AND scope_id = ? AND shard = ?) OR (scope = ? AND scope_id = ? AND shard = ?))";
    private static final String INSERT = "INSERT INTO token_usage_daily (scope, scope_id, usage_day, shard,"
            + " prompt_tokens, completion_tokens, total_tokens, turns) VALUES (?, ?, ?, ?, ?, ?, ?, 1)";
    private static final String ALL_TIME = "SELECT COALESCE(SUM(prompt_tokens), 0),"
            + " COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(total_tokens), 0) FROM token_usage_daily"
            + " WHERE scope = ? AND scope_id = ?";
    private static final String ONE_DAY = "SELECT scope, COALESCE(SUM(total_tokens), 0) FROM token_usage_daily"
            + " WHERE usage_day = ? AND ((scope = ? AND scope_id = ?) OR (scope = ? AND scope_id = ?))"
            + " GROUP BY scope";

    private TokenTotals() {
    }

    /** The shard a session's turns add to. */
    static int shardOf(long sessionId) {
        return (int) Math.floorMod(sessionId, (long) SHARDS);
    }

    /**
     * Adds a turn's tokens to its chatbot's and account's total of {@code day}. A turn that charged nothing writes
     * nothing, and so never waits for the rows. The first charge of a shard on a day inserts its rows; two first
     * charges racing: one hits the primary key and its whole turn is retried, then finds the row.
     *
     * <p>Under READ COMMITTED another turn may insert and commit a missing row between the UPDATE and the look at
     * which rows exist; that row then exists without this turn's charge in it. When the rows seen differ in number
     * from the rows updated, the turn cannot tell which one it charged, so it fails with a serialization conflict and
     * its whole transaction is retried (the retry's UPDATE finds both rows).
     */
    static void add(Connection connection, long sessionId, long chatbotId, long accountId, LocalDate day,
                    TokenUsage usage) throws SQLException {
        if (usage.equals(TokenUsage.NONE)) {
            return;
        }
        int updated;
        try (PreparedStatement add = connection.prepareStatement(ADD)) {
            bindCharge(add, 1, sessionId, chatbotId, accountId, Date.valueOf(day), usage);
            updated = add.executeUpdate();
        }
        settle(connection, updated, sessionId, chatbotId, accountId, day, usage);
    }

    /**
     * The first step of {@link #add}: the UPDATE of both rows, added to {@code writes}; nothing for a turn that
     * charged nothing.
     *
     * @return the update's position in {@code writes}, or -1 when nothing is charged
     */
    static int charge(ChainedWrites writes, long sessionId, long chatbotId, long accountId, LocalDate day,
                      TokenUsage usage) {
        if (usage.equals(TokenUsage.NONE)) {
            return -1;
        }
        Date date = Date.valueOf(day);
        return writes.add(ADD, 10, (add, first) -> bindCharge(add, first, sessionId, chatbotId, accountId, date,
                usage));
    }

    private static void bindCharge(PreparedStatement add, int first, long sessionId, long chatbotId, long accountId,
                                   Date day, TokenUsage usage) throws SQLException {
        add.setLong(first, usage.promptTokens());
        add.setLong(first + 1, usage.completionTokens());
        add.setLong(first + 2, usage.totalTokens());
        add.setDate(first + 3, day);
        bindBothScopes(add, first + 4, chatbotId, accountId, shardOf(sessionId));
    }

    /** The rest of {@link #add} once the UPDATE of {@link #charge} changed {@code updated} rows. */
    static void settle(Connection connection, int updated, long sessionId, long chatbotId, long accountId,
                       LocalDate day, TokenUsage usage) throws SQLException {
        if (updated == 2) {
            return;
        }
        int shard = shardOf(sessionId);
        Set<String> existing = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(EXISTING)) {
            select.setDate(1, Date.valueOf(day));
            bindBothScopes(select, 2, chatbotId, accountId, shard);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    existing.add(rows.getString(1));
                }
            }
        }
        if (existing.size() != updated) {
            throw new SQLException("a token total row of " + day + " appeared while this turn charged it; the turn"
                    + " is retried", SERIALIZATION_FAILURE);
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            if (!existing.contains(CHATBOT)) {
                bindFirstCharge(insert, CHATBOT, chatbotId, day, shard, usage);
                insert.executeUpdate();
            }
            if (!existing.contains(ACCOUNT)) {
                bindFirstCharge(insert, ACCOUNT, accountId, day, shard, usage);
                insert.executeUpdate();
            }
        }
    }

    /** Everything one chatbot or account was ever charged: the sum over its days and shards. */
    static TokenUsage allTime(Connection connection, String scope, long scopeId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(ALL_TIME)) {
            select.setString(1, scope);
            select.setLong(2, scopeId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new TokenUsage(rows.getLong(1), rows.getLong(2), rows.getLong(3));
            }
        }
    }

    /** The day's totals of the chatbot and the account: one statement over two primary-key ranges. */
    static DailyTokenUse onDay(Connection connection, LocalDate day, long chatbotId, long accountId)
            throws SQLException {
        long chatbotTokens = 0;
        long accountTokens = 0;
        try (PreparedStatement select = connection.prepareStatement(ONE_DAY)) {
            select.setDate(1, Date.valueOf(day));
            select.setString(2, CHATBOT);
            select.setLong(3, chatbotId);
            select.setString(4, ACCOUNT);
            select.setLong(5, accountId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (CHATBOT.equals(rows.getString(1))) {
                        chatbotTokens = rows.getLong(2);
                    } else {
                        accountTokens = rows.getLong(2);
                    }
                }
            }
        }
        return new DailyTokenUse(day, chatbotTokens, accountTokens);
    }

    private static void bindBothScopes(PreparedStatement statement, int first, long chatbotId, long accountId,
                                       int shard) throws SQLException {
        statement.setString(first, CHATBOT);
        statement.setLong(first + 1, chatbotId);
        statement.setInt(first + 2, shard);
        statement.setString(first + 3, ACCOUNT);
        statement.setLong(first + 4, accountId);
        statement.setInt(first + 5, shard);
    }

    private static void bindFirstCharge(PreparedStatement insert, String scope, long scopeId, LocalDate day,
                                        int shard, TokenUsage usage) throws SQLException {
        insert.setString(1, scope);
        insert.setLong(2, scopeId);
        insert.setDate(3, Date.valueOf(day));
        insert.setInt(4, shard);
        insert.setLong(5, usage.promptTokens());
        insert.setLong(6, usage.completionTokens());
        insert.setLong(7, usage.totalTokens());
    }
}
