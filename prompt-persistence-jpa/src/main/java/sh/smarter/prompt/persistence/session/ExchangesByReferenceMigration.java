package sh.smarter.prompt.persistence.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.TokenUsage;

/**
 * Schema version 4: provider exchanges stored by reference. Each exchange held its whole request (up to 50 messages
 * and the tool schemas), so the database grew by a full context window per round however short the new messages
 * were. Now a turn's exchanges live in its {@code turns} row as {@link ExchangeCodec} writes them, naming the
 * session's messages by seq and each distinct tool set once in {@code tool_sets}. Existing exchanges are converted
 * session by session (what cannot be expressed by reference stays as it was, so every request reads back equal),
 * then {@code provider_exchanges} goes. Java rather than SQL because the conversion compares JSON.
 */
public final class ExchangesByReferenceMigration implements JavaMigration {
    private static final List<String> DDL = List.of(
            "CREATE TABLE tool_sets (hash CHAR(64) NOT NULL, tools LONGTEXT NOT NULL, PRIMARY KEY (hash))"
                    + " ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin",
            "ALTER TABLE turns ADD COLUMN exchanges LONGTEXT NULL");
    private static final String DROP = "DROP TABLE provider_exchanges";

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("4");
    }

    @Override
    public String getDescription() {
        return "exchanges by reference";
    }

    @Override
    public Integer getChecksum() {
        // Bump when this migration's effect changes, as Flyway's checksum of a SQL file would change.
        return 40_001;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            for (String ddl : DDL) {
                statement.execute(ddl);
            }
        }
        for (long sessionId : sessionsWithExchanges(connection)) {
            convert(connection, sessionId);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(DROP);
        }
    }

    private static List<Long> sessionsWithExchanges(Connection connection) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT DISTINCT session_id FROM provider_exchanges"
                     + " ORDER BY session_id")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    private static void convert(Connection connection, long sessionId) throws SQLException {
        ExchangeCodec.Candidates candidates = new ExchangeCodec.Candidates();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + JdbcValues.MESSAGE_COLUMNS_BEFORE_V12
                + " FROM messages m WHERE m.session_id = ? ORDER BY m.seq")) {
            select.setLong(1, sessionId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Message message = JdbcValues.message(rows, 1);
                    candidates.add(message);
                }
            }
        }
        Map<Long, List<ProviderExchange>> byTurn = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT turn_seq, turn_id, round_number,"
                + " provider, model, request_json, response_json, prompt_tokens, completion_tokens, total_tokens,"
                + " latency_ms, error, created_at FROM provider_exchanges WHERE session_id = ?"
                + " ORDER BY turn_seq, ordinal")) {
            select.setLong(1, sessionId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String response = rows.getString(7);
                    byTurn.computeIfAbsent(rows.getLong(1), seq -> new ArrayList<>()).add(new ProviderExchange(
                            rows.getString(2), rows.getInt(3), rows.getString(4), rows.getString(5),
                            (JsonObject) Json.parse(rows.getString(6)),
                            response == null ? null : (JsonObject) Json.parse(response),
                            new TokenUsage(rows.getLong(8), rows.getLong(9), rows.getLong(10)), rows.getLong(11),
                            rows.getString(12), JdbcValues.instant(rows, 13)));
                }
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE turns SET exchanges = ? WHERE session_id = ? AND first_seq = ?");
             PreparedStatement toolSet = connection.prepareStatement(
                     "INSERT IGNORE INTO tool_sets (hash, tools) VALUES (?, ?)")) {
            for (Map.Entry<Long, List<ProviderExchange>> turn : byTurn.entrySet()) {
                ExchangeCodec.Encoded encoded = ExchangeCodec.encode(turn.getValue(), candidates);
                for (Map.Entry<String, String> set : encoded.toolSets().entrySet()) {
                    toolSet.setString(1, set.getKey());
                    toolSet.setString(2, set.getValue());
                    toolSet.executeUpdate();
                }
                update.setString(1, encoded.json());
                update.setLong(2, sessionId);
                update.setLong(3, turn.getKey());
                if (update.executeUpdate() != 1) {
                    // Every exchange was written with its turn; one without would be lost by the drop below.
                    throw new IllegalStateException("session " + sessionId + " has provider exchanges of turn seq "
                            + turn.getKey() + " but no such turn; not converting");
                }
            }
        }
    }
}
