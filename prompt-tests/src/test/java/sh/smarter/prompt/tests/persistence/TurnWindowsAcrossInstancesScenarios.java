package sh.smarter.prompt.tests.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.NewSession;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.core.session.TurnContext;
import sh.smarter.prompt.core.session.TurnStore;

/**
 * The turn store keeps each session's context window between turns and then reads only the session row: two
 * server instances on one database, turns alternating between them, must each read what a store that kept nothing
 * reads — the other instance's last turn included.
 */
abstract class TurnWindowsAcrossInstancesScenarios extends TwoInstancesOnOneDatabase {
    private static final long CHATBOT = 42;
    private static final long ACCOUNT = 7;
    /** Small, so that the window drops old messages within a few turns. */
    private static final int LIMIT = 7;

    private final SecureRandom random = new SecureRandom();

    @Test
    void every_turn_on_one_instance_reads_the_window_a_store_that_kept_nothing_reads() {
        TurnStore server = database.persistence().turnStore();
        SessionKey key = newSession(server);

        for (int i = 0; i < 24; i++) {
            TurnContext before = server.loadTurnContext(CHATBOT, key, Role.MODEL_ROLES, LIMIT).orElseThrow();
            assertThat(before).as("before turn %d", i).isEqualTo(readByANewStore(key));
            server.appendTurn(before, turn(i));
        }

        TurnContext last = server.loadTurnContext(CHATBOT, key, Role.MODEL_ROLES, LIMIT).orElseThrow();
        assertThat(last).isEqualTo(readByANewStore(key));
        assertThat(last.firstSystemMessage()).map(Message::content).contains("You are a test.");
        assertThat(last.recentMessages()).hasSize(LIMIT).extracting(Message::role).doesNotContain(Role.SMARTER);
        assertThat(last.recentMessages().get(LIMIT - 1).content()).isEqualTo("answer 23");
    }

    @Test
    void turns_alternating_between_two_instances_each_read_the_other_ones_last_answer() {
        TurnStore[] servers = {database.persistence().turnStore(), other.turnStore()};
        SessionKey key = newSession(servers[0]);

        for (int i = 0; i < 12; i++) {
            TurnStore server = servers[i % 2];
            TurnContext before = server.loadTurnContext(CHATBOT, key, Role.MODEL_ROLES, LIMIT).orElseThrow();
            assertThat(before).as("before turn %d", i).isEqualTo(readByANewStore(key));
            if (i > 0) {
                List<Message> recent = before.recentMessages();
                assertThat(recent.get(recent.size() - 1).content()).as("turn %d's last message", i)
                        .isEqualTo("answer " + (i - 1));
            }
            server.appendTurn(before, turn(i));
        }
    }

    @Test
    void a_turn_with_a_lone_surrogate_is_read_back_as_the_database_stored_it() {
        TurnStore server = database.persistence().turnStore();
        SessionKey key = newSession(server);
        takeTurns(server, key, 2);
        TurnContext before = server.loadTurnContext(CHATBOT, key, Role.MODEL_ROLES, LIMIT).orElseThrow();

        server.appendTurn(before, new Turn("turn-" + UUID.randomUUID(), CHATBOT, ACCOUNT, Instant.now(), List.of(),
                List.of(NewMessage.user("half an emoji \ud83e"), NewMessage.assistant("answer")), List.of(),
                List.of(), List.of(), null, null));

        assertThat(server.loadTurnContext(CHATBOT, key, Role.MODEL_ROLES, LIMIT).orElseThrow())
                .isEqualTo(readByANewStore(key));
    }

    @Test
    void a_session_deleted_by_the_other_instance_is_gone_for_the_one_that_kept_its_window() {
        TurnStore server = database.persistence().turnStore();
        SessionKey key = newSession(server);
        takeTurns(server, key, 3);
        Session session = server.loadTurnContext(CHATBOT, key, Role.MODEL_ROLES, LIMIT).orElseThrow().session();

        assertThat(other.sessionMaintenance().delete(session.id())).isTrue();

        assertThat(server.loadTurnContext(CHATBOT, key, Role.MODEL_ROLES, LIMIT)).isEmpty();
        assertThat(server.loadTurnContext(CHATBOT + 1, key, Role.MODEL_ROLES, LIMIT)).isEmpty();
    }

    @Test
    void a_window_is_not_handed_to_another_chatbot_or_for_another_limit() {
        TurnStore server = database.persistence().turnStore();
        SessionKey key = newSession(server);
        takeTurns(server, key, 4);
        assertThat(server.loadTurnContext(CHATBOT, key, Role.MODEL_ROLES, LIMIT)).isPresent();

        assertThat(server.loadTurnContext(CHATBOT + 1, key, Role.MODEL_ROLES, LIMIT)).isEmpty();
        TurnContext longer = server.loadTurnContext(CHATBOT, key, Role.MODEL_ROLES, 3 * LIMIT).orElseThrow();
        assertThat(longer.recentMessages()).hasSizeGreaterThan(LIMIT);
        assertThat(longer).isEqualTo(database.persistence().sessionStore(newClock())
                .loadTurnContext(CHATBOT, key, Role.MODEL_ROLES, 3 * LIMIT).orElseThrow());
    }

    private SessionKey newSession(TurnStore store) {
        SessionKey key = SessionKey.random(random);
        store.create(new NewSession(key, CHATBOT, ClientInfo.UNKNOWN, Instant.now()));
        return key;
    }

    private static void takeTurns(TurnStore server, SessionKey key, int count) {
        for (int i = 0; i < count; i++) {
            server.appendTurn(server.loadTurnContext(CHATBOT, key, Role.MODEL_ROLES, LIMIT).orElseThrow(), turn(i));
        }
    }

    /** The window as read by a store of its own on the other instance, which has kept no window. */
    private TurnContext readByANewStore(SessionKey key) {
        Optional<TurnContext> read = other.sessionStore(newClock()).loadTurnContext(CHATBOT, key, Role.MODEL_ROLES,
                LIMIT);
        assertThat(read).as("the session %s", key).isPresent();
        return read.get();
    }

    /** A clock of its own, so that the persistence builds new stores for it. */
    private static Clock newClock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    /**
     * Turn {@code i}: the first seeds a system message and a greeting; then plain turns, a tool round, a message
     * the model never sees, a second system message and long text with four-byte characters take turns.
     */
    private static Turn turn(int i) {
        List<NewMessage> messages = new ArrayList<>();
        switch (i % 4) {
            case 1 -> {
                messages.add(NewMessage.user("what is 6*" + i + "?"));
                messages.add(NewMessage.assistant(null, List.of(new ToolCall("call_" + i, "calculator",
                        "{\"expression\":\"6*" + i + "\"}"))));
                messages.add(NewMessage.toolResult("call_" + i, "calculator", "{\"result\":" + 6 * i + "}"));
            }
            case 2 -> {
                messages.add(NewMessage.smarter("plugin selected for turn " + i));
                messages.add(NewMessage.user("question " + i));
            }
            case 3 -> {
                messages.add(NewMessage.system("a second system message, not the first one"));
                messages.add(NewMessage.user("🧠🚀 𝄞 naïve café 中文 ".repeat(40) + i));
            }
            default -> messages.add(NewMessage.user("question " + i));
        }
        messages.add(NewMessage.assistant("answer " + i));
        List<NewMessage> seed = List.of(NewMessage.system("You are a test."), NewMessage.assistant("Hello!"));
        return new Turn("turn-" + UUID.randomUUID(), CHATBOT, ACCOUNT, Instant.now(), seed, messages, List.of(),
                List.of(), List.of(), null, "A title");
    }
}
