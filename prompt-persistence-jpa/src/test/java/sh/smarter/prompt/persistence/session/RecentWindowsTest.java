package sh.smarter.prompt.persistence.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.session.AppendedTurn;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.TurnContext;

/** The kept windows without a database: which ones are handed out, advanced, forgotten and evicted. */
class RecentWindowsTest {
    private static final Instant AT = Instant.parse("2031-03-04T05:06:07Z");
    private static final Set<Role> ROLES = Role.MODEL_ROLES;
    private static final int LIMIT = 3;

    @Test
    void a_window_is_handed_out_only_for_a_row_at_the_same_id_and_last_seq() {
        RecentWindows windows = new RecentWindows(10, 1_000_000);
        TurnContext read = context(session(1, "a", 4), List.of(system(1), user(2), assistant(3), user(4)));
        windows.remember(read, ROLES, LIMIT);

        assertThat(windows.holds(read.session().key(), ROLES, LIMIT)).isTrue();
        assertThat(windows.contextOf(read.session(), ROLES, LIMIT)).contains(read);
        assertThat(windows.contextOf(session(1, "a", 5), ROLES, LIMIT)).as("another instance appended").isEmpty();
        assertThat(windows.contextOf(session(2, "a", 4), ROLES, LIMIT)).as("deleted and made again").isEmpty();
        assertThat(windows.holds(read.session().key(), ROLES, LIMIT + 1)).isFalse();
        assertThat(windows.holds(read.session().key(), Set.of(Role.USER), LIMIT)).isFalse();
    }

    @Test
    void an_append_right_after_the_read_moves_the_window_to_what_a_read_would_return() {
        RecentWindows windows = new RecentWindows(10, 1_000_000);
        TurnContext read = context(session(1, "a", 3), List.of(system(1), user(2), assistant(3)));
        windows.remember(read, ROLES, LIMIT);

        windows.appended(read, new AppendedTurn(session(1, "a", 6),
                List.of(user(4), smarter(5), assistant(6))));

        TurnContext next = windows.contextOf(session(1, "a", 6), ROLES, LIMIT).orElseThrow();
        assertThat(next.firstSystemMessage()).contains(system(1));
        assertThat(next.recentMessages()).extracting(Message::seq).containsExactly(3L, 4L, 6L);
    }

    @Test
    void an_append_that_did_not_directly_follow_the_read_forgets_the_window() {
        RecentWindows windows = new RecentWindows(10, 1_000_000);
        TurnContext read = context(session(1, "a", 3), List.of(system(1), user(2), assistant(3)));
        windows.remember(read, ROLES, LIMIT);

        // Another instance appended seqs 4-5 first; this append was retried after them.
        windows.appended(read, new AppendedTurn(session(1, "a", 7), List.of(user(6), assistant(7))));

        assertThat(windows.holds(read.session().key(), ROLES, LIMIT)).isFalse();
    }

    @Test
    void an_append_of_text_the_database_may_store_otherwise_forgets_the_window() {
        // utf8mb4 has no lone surrogate: MariaDB stores '?', so only a read can say what the next turn gets.
        assertThat(keptAfterAppending("half \ud83e")).isFalse();
        assertThat(keptAfterAppending("whole \ud83e\udde0")).as("a surrogate pair is stored as it is").isTrue();
    }

    /** Whether the window is kept after a turn whose user message says {@code text}. */
    private static boolean keptAfterAppending(String text) {
        RecentWindows windows = new RecentWindows(10, 1_000_000);
        TurnContext read = context(session(1, "a", 1), List.of(user(1)));
        windows.remember(read, ROLES, LIMIT);
        windows.appended(read, new AppendedTurn(session(1, "a", 3), List.of(user(2, text), assistant(3))));
        return windows.contextOf(session(1, "a", 3), ROLES, LIMIT).isPresent();
    }

    @Test
    void the_least_recently_used_window_goes_first_when_too_many_sessions_are_kept() {
        RecentWindows windows = new RecentWindows(2, 1_000_000);
        TurnContext a = context(session(1, "a", 1), List.of(user(1)));
        TurnContext b = context(session(2, "b", 1), List.of(user(1)));
        TurnContext c = context(session(3, "c", 1), List.of(user(1)));
        windows.remember(a, ROLES, LIMIT);
        windows.remember(b, ROLES, LIMIT);
        assertThat(windows.contextOf(a.session(), ROLES, LIMIT)).isPresent();

        windows.remember(c, ROLES, LIMIT);

        assertThat(windows.holds(a.session().key(), ROLES, LIMIT)).isTrue();
        assertThat(windows.holds(b.session().key(), ROLES, LIMIT)).isFalse();
        assertThat(windows.holds(c.session().key(), ROLES, LIMIT)).isTrue();
    }

    @Test
    void windows_beyond_the_character_bound_are_evicted_and_one_larger_than_it_is_not_kept() {
        String text = "x".repeat(1_000);
        RecentWindows windows = new RecentWindows(10, 2_500);
        TurnContext a = context(session(1, "a", 1), List.of(user(1, text)));
        TurnContext b = context(session(2, "b", 1), List.of(user(1, text)));
        TurnContext c = context(session(3, "c", 1), List.of(user(1, text)));
        windows.remember(a, ROLES, LIMIT);
        windows.remember(b, ROLES, LIMIT);
        windows.remember(c, ROLES, LIMIT);

        assertThat(windows.holds(a.session().key(), ROLES, LIMIT)).isFalse();
        assertThat(windows.holds(b.session().key(), ROLES, LIMIT)).isTrue();
        assertThat(windows.holds(c.session().key(), ROLES, LIMIT)).isTrue();

        TurnContext huge = context(session(4, "d", 1), List.of(user(1, "y".repeat(3_000))));
        windows.remember(huge, ROLES, LIMIT);
        assertThat(windows.holds(huge.session().key(), ROLES, LIMIT)).isFalse();
        assertThat(windows.holds(c.session().key(), ROLES, LIMIT)).as("nothing evicted for it").isTrue();
    }

    @Test
    void a_forgotten_window_is_read_again() {
        RecentWindows windows = new RecentWindows(10, 1_000_000);
        TurnContext read = context(session(1, "a", 1), List.of(user(1)));
        windows.remember(read, ROLES, LIMIT);

        windows.forget(read.session().key());

        assertThat(windows.contextOf(read.session(), ROLES, LIMIT)).isEmpty();
    }

    /** A read's context: the first system message apart, the newest {@link #LIMIT} model messages as recent. */
    private static TurnContext context(Session session, List<Message> messages) {
        Optional<Message> firstSystem = messages.stream().filter(m -> m.role() == Role.SYSTEM).findFirst();
        List<Message> recent = new ArrayList<>(messages.stream().filter(m -> ROLES.contains(m.role())).toList());
        return new TurnContext(session, firstSystem,
                recent.subList(Math.max(0, recent.size() - LIMIT), recent.size()));
    }

    private static Session session(long id, String key, long lastSeq) {
        return new Session(id, SessionKey.parse(key.repeat(64)), 42, ClientInfo.UNKNOWN, null, AT, AT, lastSeq);
    }

    private static Message system(long seq) {
        return Message.stored(seq, NewMessage.system("You are a test."), "t", AT);
    }

    private static Message user(long seq) {
        return user(seq, "question " + seq);
    }

    private static Message user(long seq, String text) {
        return Message.stored(seq, NewMessage.user(text), "t", AT);
    }

    private static Message assistant(long seq) {
        return Message.stored(seq, NewMessage.assistant("answer " + seq), "t", AT);
    }

    private static Message smarter(long seq) {
        return Message.stored(seq, NewMessage.smarter("status " + seq), "t", AT);
    }
}
