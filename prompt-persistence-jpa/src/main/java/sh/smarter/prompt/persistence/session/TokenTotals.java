package sh.smarter.prompt.persistence.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import sh.smarter.prompt.core.session.TokenUsage;

/**
 * The running token totals per chatbot and per account (table {@code token_usage_totals}), each spread over
 * {@value TokenUsageTotalEntity#SHARDS} shards picked by session. A turn adds to the chatbot's and the account's
 * shard in one statement; the rows stay locked until the turn commits, so totals never lose an update. Locking
 * both in one statement also takes them in one order (the primary key's), so two turns never deadlock on them.
 */
final class TokenTotals {
    private static final String ADD = "UPDATE token_usage_totals SET prompt_tokens = prompt_tokens + ?,"
            + " completion_tokens = completion_tokens + ?, total_tokens = total_tokens + ?, turns = turns + 1"
            + " WHERE (scope = ? AND scope_id = ? AND shard = ?) OR (scope = ? AND scope_id = ? AND shard = ?)";
    private static final String EXISTING = "SELECT scope FROM token_usage_totals"
            + " WHERE (scope = ? AND scope_id = ? AND shard = ?) OR (scope = ? AND scope_id = ? AND shard = ?)";
    private static final String INSERT = "INSERT INTO token_usage_totals (scope, scope_id, shard, prompt_tokens,"
            + " completion_tokens, total_tokens, turns) VALUES (?, ?, ?, ?, ?, ?, 1)";
    private static final String SUM = "SELECT COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0),"
            + " COALESCE(SUM(total_tokens), 0) FROM token_usage_totals WHERE scope = ? AND scope_id = ?";

    private TokenTotals() {
    }

    /**
     * Adds a turn's tokens to its chatbot's and account's shard. A turn that charged nothing leaves the rows alone
     * and so never waits for them. The first charge of a shard inserts its row; two first charges racing: one hits
     * the primary key and its whole turn is retried, then finds the row.
     */
    static void add(Connection connection, long sessionId, long chatbotId, long accountId, TokenUsage usage)
            throws SQLException {
        if (usage.equals(TokenUsage.NONE)) {
            return;
        }
        int shard = TokenUsageTotalEntity.shardOf(sessionId);
        int updated;
        try (PreparedStatement add = connection.prepareStatement(ADD)) {
            add.setLong(1, usage.promptTokens());
            add.setLong(2, usage.completionTokens());
            add.setLong(3, usage.totalTokens());
            bindBothScopes(add, 4, chatbotId, accountId, shard);
            updated = add.executeUpdate();
        }
        if (updated == 2) {
            return;
        }
        Set<String> existing = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(EXISTING)) {
            bindBothScopes(select, 1, chatbotId, accountId, shard);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    existing.add(rows.getString(1));
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            if (!existing.contains(TokenUsageTotalEntity.CHATBOT)) {
                bindFirstCharge(insert, TokenUsageTotalEntity.CHATBOT, chatbotId, shard, usage);
                insert.executeUpdate();
            }
            if (!existing.contains(TokenUsageTotalEntity.ACCOUNT)) {
                bindFirstCharge(insert, TokenUsageTotalEntity.ACCOUNT, accountId, shard, usage);
                insert.executeUpdate();
            }
        }
    }

    /** The sum over every shard of one chatbot's or account's total. */
    static TokenUsage of(Connection connection, String scope, long scopeId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SUM)) {
            select.setString(1, scope);
            select.setLong(2, scopeId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new TokenUsage(rows.getLong(1), rows.getLong(2), rows.getLong(3));
            }
        }
    }

    private static void bindBothScopes(PreparedStatement statement, int first, long chatbotId, long accountId,
                                       int shard) throws SQLException {
        statement.setString(first, TokenUsageTotalEntity.CHATBOT);
        statement.setLong(first + 1, chatbotId);
        statement.setInt(first + 2, shard);
        statement.setString(first + 3, TokenUsageTotalEntity.ACCOUNT);
        statement.setLong(first + 4, accountId);
        statement.setInt(first + 5, shard);
    }

    private static void bindFirstCharge(PreparedStatement insert, String scope, long scopeId, int shard,
                                        TokenUsage usage) throws SQLException {
        insert.setString(1, scope);
        insert.setLong(2, scopeId);
        insert.setInt(3, shard);
        insert.setLong(4, usage.promptTokens());
        insert.setLong(5, usage.completionTokens());
        insert.setLong(6, usage.totalTokens());
    }
}
