package sh.smarter.prompt.persistence.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.session.DailyTokenUse;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.persistence.support.DatabaseFailures;

/**
 * Two first charges of one day and shard, interleaved the way READ COMMITTED allows: the second turn inserts and
 * commits the rows after the first turn's UPDATE found none. No charge may be lost.
 */
class TokenTotalsRaceTest {
    private static final LocalDate DAY = LocalDate.of(2031, 3, 4);
    private static final long SESSION = 7;
    private static final long CHATBOT = 11;
    private static final long ACCOUNT = 13;

    private Connection first;
    private Connection second;

    @BeforeEach
    void open_two_connections_to_one_database() throws SQLException {
        String url = "jdbc:h2:mem:token-totals-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        first = DriverManager.getConnection(url);
        second = DriverManager.getConnection(url);
        try (Statement create = first.createStatement()) {
            create.execute("CREATE TABLE token_usage_daily (scope VARCHAR(16) NOT NULL, scope_id BIGINT NOT NULL,"
                    + " usage_day DATE NOT NULL, shard INT NOT NULL, prompt_tokens BIGINT NOT NULL,"
                    + " completion_tokens BIGINT NOT NULL, total_tokens BIGINT NOT NULL, turns BIGINT NOT NULL,"
                    + " PRIMARY KEY (scope, scope_id, usage_day, shard))");
        }
        for (Connection connection : new Connection[] {first, second}) {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection.setAutoCommit(false);
        }
    }

    @AfterEach
    void close() throws SQLException {
        first.close();
        second.close();
    }

    @Test
    void a_row_another_turn_commits_between_the_update_and_the_look_makes_the_turn_retry_and_nothing_is_lost()
            throws SQLException {
        Connection interleaved = runningBeforeTheLook(first, () -> {
            TokenTotals.add(second, SESSION, CHATBOT, ACCOUNT, DAY, new TokenUsage(2, 3, 5));
            second.commit();
        });

        assertThatThrownBy(() -> TokenTotals.add(interleaved, SESSION, CHATBOT, ACCOUNT, DAY,
                new TokenUsage(10, 20, 30)))
                .satisfies(failure -> assertThat(DatabaseFailures.isTransientConflict(failure)).isTrue());
        first.rollback();
        // The session store's retry runs the turn again: now the UPDATE finds both rows.
        TokenTotals.add(first, SESSION, CHATBOT, ACCOUNT, DAY, new TokenUsage(10, 20, 30));
        first.commit();

        assertThat(TokenTotals.onDay(first, DAY, CHATBOT, ACCOUNT)).isEqualTo(new DailyTokenUse(DAY, 35, 35));
        assertThat(TokenTotals.allTime(first, TokenTotals.CHATBOT, CHATBOT)).isEqualTo(new TokenUsage(12, 23, 35));
    }

    @Test
    void a_first_charge_alone_inserts_both_rows_and_the_next_one_adds_to_them() throws SQLException {
        TokenTotals.add(first, SESSION, CHATBOT, ACCOUNT, DAY, new TokenUsage(1, 2, 3));
        first.commit();
        TokenTotals.add(second, SESSION + 16, CHATBOT, ACCOUNT, DAY, new TokenUsage(4, 5, 9));
        second.commit();

        assertThat(TokenTotals.onDay(first, DAY, CHATBOT, ACCOUNT)).isEqualTo(new DailyTokenUse(DAY, 12, 12));
        assertThat(TokenTotals.allTime(first, TokenTotals.ACCOUNT, ACCOUNT)).isEqualTo(new TokenUsage(5, 7, 12));
    }

    /** Something another transaction does just before {@code connection} looks at which total rows exist. */
    private interface Meanwhile {
        void run() throws SQLException;
    }

    private static Connection runningBeforeTheLook(Connection connection, Meanwhile meanwhile) {
        return (Connection) Proxy.newProxyInstance(TokenTotalsRaceTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
                            && sql.startsWith("SELECT scope FROM token_usage_daily")) {
                        meanwhile.run();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
