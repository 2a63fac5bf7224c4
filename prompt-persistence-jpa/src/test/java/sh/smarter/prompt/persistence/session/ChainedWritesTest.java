package sh.smarter.prompt.persistence.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@link ChainedWrites} sends what it was given, watched on a connection that records every call: the
 * databases themselves are in prompt-tests (the statement counts on H2 and MariaDB, the store's contract on both).
 */
class ChainedWritesTest {
    private static final String INSERT_PAIRS = "INSERT INTO pairs (a, b)";
    private static final String UPDATE_TOTAL = "UPDATE totals SET n = n + ? WHERE id = ?";

    /** What the connection was sent: each prepared text with the calls made on its statement. */
    private final List<String> sent = new ArrayList<>();
    /** The update counts the next chained execute answers, in order. */
    private final Deque<Integer> answers = new ArrayDeque<>();

    @Test
    void where_the_database_takes_one_statement_at_a_time_each_write_is_sent_alone_and_rows_as_a_batch()
            throws SQLException {
        answers.add(1);
        int[] counts = twoRowsAndAnUpdate().run(recording(), 0);

        assertThat(sent).containsExactly(
                "prepare INSERT INTO pairs (a, b) VALUES (?, ?)",
                "set 1 x", "set 2 1", "addBatch", "set 1 y", "set 2 2", "addBatch", "executeBatch",
                "prepare UPDATE totals SET n = n + ? WHERE id = ?",
                "set 1 5", "set 2 9", "executeUpdate");
        assertThat(counts[1]).isEqualTo(1);
    }

    @Test
    void where_it_takes_several_in_one_text_they_go_in_one_statement_with_the_values_numbered_on() throws SQLException {
        answers.addAll(List.of(2, 1));
        int[] counts = twoRowsAndAnUpdate().run(recording(), 1 << 20);

        assertThat(sent).containsExactly(
                "prepare INSERT INTO pairs (a, b) VALUES (?, ?), (?, ?);\n"
                        + "UPDATE totals SET n = n + ? WHERE id = ?",
                "set 1 x", "set 2 1", "set 3 y", "set 4 2", "set 5 5", "set 6 9", "execute");
        assertThat(counts).containsExactly(2, 1);
    }

    @Test
    void writes_too_large_for_one_packet_go_one_at_a_time() throws SQLException {
        ChainedWrites writes = new ChainedWrites();
        String large = "é".repeat(1_000);
        writes.addRows(INSERT_PAIRS, 2, List.of((insert, first) -> {
            insert.setString(first, large);
            insert.setLong(first + 1, 1);
        }));
        writes.add(UPDATE_TOTAL, 2, (update, first) -> {
            update.setLong(first, 5);
            update.setLong(first + 1, 9);
        });
        answers.add(1);

        // 1,000 characters may take 3,000 bytes: more than the 2,500 allowed, though they are 2,000 bytes here.
        writes.run(recording(), 2_500);

        assertThat(sent).filteredOn(call -> call.startsWith("prepare")).hasSize(2);
    }

    @Test
    void a_text_whose_answers_are_not_all_update_counts_fails_instead_of_guessing() {
        answers.add(2);

        assertThatThrownBy(() -> twoRowsAndAnUpdate().run(recording(), 1 << 20))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("write 2 of 2 gave no update count");
    }

    private static ChainedWrites twoRowsAndAnUpdate() {
        ChainedWrites writes = new ChainedWrites();
        writes.addRows(INSERT_PAIRS, 2, List.of(
                (insert, first) -> {
                    insert.setString(first, "x");
                    insert.setLong(first + 1, 1);
                },
                (insert, first) -> {
                    insert.setString(first, "y");
                    insert.setLong(first + 1, 2);
                }));
        writes.add(UPDATE_TOTAL, 2, (update, first) -> {
            update.setLong(first, 5);
            update.setLong(first + 1, 9);
        });
        return writes;
    }

    private Connection recording() {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("prepareStatement")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    sent.add("prepare " + args[0]);
                    return statement();
                });
    }

    private PreparedStatement statement() {
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("set")) {
                        sent.add("set " + args[0] + " " + args[1]);
                        return null;
                    }
                    if (!name.equals("close") && !name.equals("getUpdateCount")
                            && !name.equals("getMoreResults")) {
                        sent.add(name);
                    }
                    return switch (name) {
                        case "executeUpdate" -> answers.remove();
                        case "executeBatch" -> new int[] {1, 1};
                        case "execute", "getMoreResults" -> false;
                        case "getUpdateCount" -> answers.isEmpty() ? -1 : answers.remove();
                        case "addBatch", "close" -> null;
                        default -> throw new UnsupportedOperationException(name);
                    };
                });
    }
}
