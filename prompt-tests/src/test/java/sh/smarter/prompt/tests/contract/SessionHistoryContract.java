package sh.smarter.prompt.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.contract.ContractAssertions.assertFailsWith;

import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionHistory;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionPage;
import sh.smarter.prompt.core.session.SessionQuery;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.ToolExecution;

/**
 * What every {@link SessionHistory} promises its readers: a session found only within its chatbot, messages and
 * turn records read back exactly, newest windows and pages over long sessions, listings by cursor.
 *
 * <p>An adapter's test extends this class (see {@link SessionContractFixture}); every test then runs against it.
 */
public abstract class SessionHistoryContract extends SessionContractFixture {
    @Test
    void a_key_opens_its_session_only_within_its_own_chatbot() {
        Session session = newSession(chatbotA);

        assertThat(sessionHistory.find(chatbotB, session.key())).isEmpty();
        assertThat(sessionHistory.find(chatbotA, SessionKey.random(random))).isEmpty();
        assertThat(sessionHistory.find(chatbotA, session.key())).map(Session::id).contains(session.id());
    }

    @Test
    void find_by_id_of_a_deleted_session_is_empty() {
        Session session = newSession(chatbotA);
        sessionMaintenance.delete(session.id());

        assertThat(sessionHistory.findById(session.id())).isEmpty();
    }

    @Test
    void turn_records_are_read_back_exactly_newest_first_within_the_limit() {
        Session session = newSession(chatbotA);
        TurnDraft first = turnOn(session).messages(NewMessage.user("What are your opening hours?"));
        ProviderExchange askedForTools = exchange(first.id(), 1, new TokenUsage(120, 30, 150));
        ProviderExchange failed = failedExchange(first.id(), 2);
        ToolExecution weather = new ToolExecution(first.id(), "call_1", "get_current_weather",
                "{\"location\": \"Zürich\"}", "{\"temperature\":21.5}", null, null, 312, clock.instant());
        ToolExecution faq = new ToolExecution(first.id(), "call_2", "plugin_faq", "{}", "{\"hours\":\"9-17\"}",
                4242L, "faq", 7, clock.instant());
        PluginSelection faqChosen = new PluginSelection(first.id(), 4242L, "faq", "What are your opening hours?",
                "search term \"hours\"", clock.instant());
        first.records(List.of(askedForTools, failed), List.of(weather, faq), List.of(faqChosen)).append();

        TurnDraft second = turnOn(session).messages(NewMessage.user("Thanks 😀"));
        ProviderExchange answered = exchange(second.id(), 1, new TokenUsage(200, 10, 210));
        ToolExecution calc = new ToolExecution(second.id(), "call_9", "plugin_prices", "{\"item\":\"tea\"}",
                "[]", 77L, "prices", 0, clock.instant());
        PluginSelection pricesChosen = new PluginSelection(second.id(), 77L, "prices", "Thanks 😀", null,
                clock.instant());
        second.records(List.of(answered), List.of(calc), List.of(pricesChosen)).append();

        long id = session.id();
        assertThat(sessionHistory.recentProviderExchanges(id, 10)).containsExactly(answered, failed, askedForTools);
        assertThat(sessionHistory.recentProviderExchanges(id, 2)).containsExactly(answered, failed);
        assertThat(sessionHistory.recentToolExecutions(id, 10)).containsExactly(calc, faq, weather);
        assertThat(sessionHistory.recentToolExecutions(id, 1)).containsExactly(calc);
        assertThat(sessionHistory.recentPluginSelections(id, 10)).containsExactly(pricesChosen, faqChosen);
        assertThat(sessionHistory.recentPluginSelections(id, 1)).containsExactly(pricesChosen);
    }

    @Test
    void the_first_system_message_is_the_oldest_one_wherever_it_is() {
        Session session = newSession(chatbotA);
        Session withoutSystem = newSession(chatbotA);
        turnOn(session).messages(NewMessage.user("u1"), NewMessage.assistant("a1"), NewMessage.system("first"),
                NewMessage.user("u2"), NewMessage.system("second")).append();
        turnOn(withoutSystem).messages(NewMessage.user("u1")).append();

        assertThat(sessionHistory.firstSystemMessage(session.id()))
                .hasValueSatisfying(m -> assertThat(describe(m)).isEqualTo("3:SYSTEM:first"));
        assertThat(sessionHistory.firstSystemMessage(withoutSystem.id())).isEmpty();
        assertThat(sessionHistory.firstSystemMessage(newSession(chatbotA).id())).isEmpty();
    }

    @Test
    void a_system_message_after_hundreds_of_others_is_still_found() {
        Session session = newSession(chatbotA);
        for (int i = 1; i <= 300; i++) {
            turnOn(session).messages(NewMessage.user("u" + i)).append();
        }
        turnOn(session).messages(NewMessage.system("late")).append();

        assertThat(sessionHistory.firstSystemMessage(session.id()))
                .hasValueSatisfying(m -> assertThat(describe(m)).isEqualTo("301:SYSTEM:late"));
    }

    @Test
    void recent_messages_are_the_newest_of_the_wanted_roles_returned_oldest_first() {
        Session session = newSession(chatbotA);
        turnOn(session).seed(NewMessage.system("sys")).messages(NewMessage.user("u1"), NewMessage.assistant("a1"),
                NewMessage.smarter("s1"), NewMessage.user("u2"), NewMessage.smarterError("e1"),
                NewMessage.assistant("a2")).append();
        long id = session.id();

        assertThat(describe(sessionHistory.recentMessages(id, Set.of(Role.USER, Role.ASSISTANT), 3)))
                .containsExactly("3:ASSISTANT:a1", "5:USER:u2", "7:ASSISTANT:a2");
        assertThat(describe(sessionHistory.recentMessages(id, Set.of(Role.USER), 10))).containsExactly("2:USER:u1", "5:USER:u2");
        assertThat(describe(sessionHistory.recentMessages(id, EnumSet.of(Role.SMARTER, Role.SMARTER_ERROR), 10)))
                .containsExactly("4:SMARTER:s1", "6:SMARTER_ERROR:e1");
        assertThat(sessionHistory.recentMessages(id, Set.of(Role.TOOL), 10)).isEmpty();
    }

    @Test
    void recent_messages_of_a_role_seen_only_long_before_the_newest_seqs_are_still_found() {
        Session session = newSession(chatbotA);
        turnOn(session).messages(NewMessage.smarter("early"), NewMessage.user("u0")).append();
        turnOn(session).messages(IntStream.rangeClosed(1, 300).mapToObj(i -> NewMessage.user("u" + i)).toList())
                .append();
        long id = session.id();

        assertThat(describe(sessionHistory.recentMessages(id, Set.of(Role.SMARTER), 3)))
                .containsExactly("1:SMARTER:early");
        assertThat(describe(sessionHistory.recentMessages(id, EnumSet.allOf(Role.class), 2)))
                .containsExactly("301:USER:u299", "302:USER:u300");
    }

    @Test
    void reading_stays_correct_on_a_session_of_two_thousand_messages() {
        Session session = newSession(chatbotA);
        List<NewMessage> all = IntStream.rangeClosed(1, 2_000).mapToObj(SessionContractFixture::numberedMessage).toList();
        // Twenty turns of a hundred messages: a long history without two thousand transactions.
        for (int from = 0; from < all.size(); from += 100) {
            turnOn(session).messages(all.subList(from, from + 100)).append();
        }
        long id = session.id();

        assertThat(sessionHistory.countMessages(id)).isEqualTo(2_000);
        assertThat(describe(sessionHistory.recentMessages(id, Role.MODEL_ROLES, 7))).containsExactlyElementsOf(
                lastOfRoles(all, Role.MODEL_ROLES, 7));
        assertThat(describe(sessionHistory.recentMessages(id, Set.of(Role.SMARTER), 3)))
                .containsExactly("1900:SMARTER:m-1900", "1950:SMARTER:m-1950", "2000:SMARTER:m-2000");
        assertThat(describe(sessionHistory.recentMessages(id, Role.MODEL_ROLES, 5_000)))
                .containsExactlyElementsOf(lastOfRoles(all, Role.MODEL_ROLES, 5_000));
        assertThat(seqs(pageThroughMessages(id, 300))).containsExactlyElementsOf(seqRange(1, 2_000));
        assertThat(seqs(sessionHistory.messagesAfter(id, 1_995, 100))).containsExactly(1_996L, 1_997L, 1_998L, 1_999L, 2_000L);
    }

    @Test
    void messages_after_pages_through_the_history_in_seq_order() {
        Session session = newSession(chatbotA);
        turnOn(session).messages(IntStream.rangeClosed(1, 7).mapToObj(SessionContractFixture::numberedMessage).toList())
                .append();
        long id = session.id();

        assertThat(seqs(sessionHistory.messagesAfter(id, 0, 3))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(sessionHistory.messagesAfter(id, 3, 3))).containsExactly(4L, 5L, 6L);
        assertThat(seqs(sessionHistory.messagesAfter(id, 6, 3))).containsExactly(7L);
        assertThat(sessionHistory.messagesAfter(id, 7, 3)).isEmpty();
        assertThat(sessionHistory.messagesAfter(newSession(chatbotA).id(), 0, 3)).isEmpty();
    }

    @Test
    void count_messages_counts_seed_and_turn_messages_of_that_session_only() {
        Session session = newSession(chatbotA);
        Session other = newSession(chatbotA);
        turnOn(session).seed(NewMessage.system("sys")).messages(NewMessage.user("u"), NewMessage.assistant("a"))
                .append();
        turnOn(other).messages(NewMessage.user("elsewhere")).append();

        assertThat(sessionHistory.countMessages(session.id())).isEqualTo(3);
        assertThat(sessionHistory.countMessages(other.id())).isEqualTo(1);
        assertThat(sessionHistory.countMessages(newSession(chatbotA).id())).isZero();
    }

    @Test
    void listing_newest_first_visits_every_session_of_the_chatbot_exactly_once() {
        List<Session> sessions = sessionsWithTiedTimes(chatbotA, 25);
        sessionsWithTiedTimes(chatbotB, 4);

        // Limit 10 splits a pair of sessions updated at the same instant across two pages.
        List<Session> listed = pageThroughSessions(chatbotA, 10, false, 3);

        assertThat(listed).containsExactlyInAnyOrderElementsOf(sessions);
        assertThat(listed).isSortedAccordingTo(Comparator.comparing(Session::updatedAt).reversed());
    }

    @Test
    void listing_oldest_first_visits_every_session_of_the_chatbot_exactly_once() {
        List<Session> sessions = sessionsWithTiedTimes(chatbotA, 25);
        sessionsWithTiedTimes(chatbotB, 4);

        // Limit 5 divides 25: the fifth page is the last and carries no cursor.
        List<Session> listed = pageThroughSessions(chatbotA, 5, true, 5);

        assertThat(listed).containsExactlyInAnyOrderElementsOf(sessions);
        assertThat(listed).isSortedAccordingTo(Comparator.comparing(Session::updatedAt));
    }

    @Test
    void a_session_moves_to_the_top_of_the_listing_when_a_turn_is_appended() {
        List<Session> sessions = sessionsWithTiedTimes(chatbotA, 5);
        Session oldest = Collections.min(sessions, Comparator.comparing(Session::updatedAt));
        clock.advance(Duration.ofHours(1));

        turnOn(oldest).messages(NewMessage.user("back again")).append();

        assertThat(sessionHistory.list(SessionQuery.firstPage(chatbotA, 1)).sessions()).singleElement()
                .satisfies(s -> assertThat(s.id()).isEqualTo(oldest.id()));
    }

    @Test
    void listing_a_chatbot_without_sessions_is_an_empty_last_page() {
        newSession(chatbotA);

        SessionPage page = sessionHistory.list(SessionQuery.firstPage(chatbotB, 10));

        assertThat(page.sessions()).isEmpty();
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void a_cursor_the_store_did_not_issue_is_invalid_input() {
        newSession(chatbotA);

        assertFailsWith(ErrorKind.INVALID_INPUT,
                () -> sessionHistory.list(new SessionQuery(chatbotA, "not a cursor!", 10, false)));
    }
}
