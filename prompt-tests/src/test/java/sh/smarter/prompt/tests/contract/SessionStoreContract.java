package sh.smarter.prompt.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static sh.smarter.prompt.tests.contract.ContractAssertions.assertFailsWith;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.session.AppendedTurn;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.IdempotencyClaim;
import sh.smarter.prompt.core.session.IdempotencyKey;
import sh.smarter.prompt.core.session.DailyTokenUse;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.NewSession;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionPage;
import sh.smarter.prompt.core.session.SessionQuery;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.core.session.StoredTurn;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.core.session.TurnContext;
import sh.smarter.prompt.core.session.TurnIdempotency;

/**
 * What every {@link SessionStore} promises its users. An adapter's test extends this class and implements
 * {@link #newStore()}; every test then runs against that adapter.
 *
 * <p>The store must take the times it stamps (a session's {@code updatedAt} after a turn, message timestamps) from
 * {@link #clock()}, and keep every instant to the microsecond. Nothing here assumes which ids the store hands out.
 * Turn records name plugins by made-up ids: history outlives plugins, so the store must not require them to exist.
 */
public abstract class SessionStoreContract {
    /** Sub-millisecond digits on purpose: a store that keeps only milliseconds fails the round trips. */
    protected static final Instant START = Instant.parse("2031-03-04T05:06:07.123456Z");
    /** Generous, because database adapters run the concurrency tests too. */
    private static final Duration CONCURRENCY_TIMEOUT = Duration.ofSeconds(120);

    private final ContractClock clock = new ContractClock(START);
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong syntheticIds = new AtomicLong(7_000);
    private final Map<Long, Long> accountOfChatbot = new ConcurrentHashMap<>();

    protected SessionStore store;
    private long account;
    private long chatbotA;
    private long chatbotB;

    /**
     * A new, empty store that reads the time from {@link #clock()}. Called once before each test; sessions left over
     * from another test break the counting and listing tests.
     */
    protected abstract SessionStore newStore();

    /** The clock the store must use. A fresh one per test, starting at {@link #START}. */
    protected final ContractClock clock() {
        return clock;
    }

    /**
     * The id of an account that turns may be charged to. The default makes one up; a store whose schema checks
     * foreign keys overrides this (and {@link #newChatbotId}) to insert real rows.
     */
    protected long newAccountId() {
        return syntheticIds.incrementAndGet();
    }

    /** The id of a chatbot of that account that sessions may belong to. Called after {@link #newStore()}. */
    protected long newChatbotId(long accountId) {
        return syntheticIds.incrementAndGet();
    }

    @BeforeEach
    final void openEmptyStore() {
        store = newStore();
        account = newAccountId();
        chatbotA = chatbotIn(account);
        chatbotB = chatbotIn(account);
    }

    // ---------------------------------------------------------------------------------------------- create and find

    @Test
    void create_stores_an_empty_untitled_session_with_the_client_it_came_from() {
        SessionKey key = SessionKey.random(random);
        ClientInfo client = new ClientInfo("203.0.113.7", "Mozilla/5.0 (X11; Linux) 😀",
                "https://example.com/chat?page=1", "cli:key-1:alice");
        Instant at = clock.instant();

        Session created = store.create(new NewSession(key, chatbotA, client, at));

        assertThat(created.id()).isNotZero();
        assertThat(created.key()).isEqualTo(key);
        assertThat(created.chatbotId()).isEqualTo(chatbotA);
        assertThat(created.client()).isEqualTo(client);
        assertThat(created.title()).isNull();
        assertThat(created.createdAt()).isEqualTo(at);
        assertThat(created.updatedAt()).isEqualTo(at);
        assertThat(created.lastSeq()).isZero();
        assertThat(store.find(chatbotA, key)).contains(created);
        assertThat(store.findById(created.id())).contains(created);
        assertThat(newSession(chatbotA).id()).isNotEqualTo(created.id());
    }

    @Test
    void a_key_opens_its_session_only_within_its_own_chatbot() {
        Session session = newSession(chatbotA);

        assertThat(store.find(chatbotB, session.key())).isEmpty();
        assertThat(store.find(chatbotA, SessionKey.random(random))).isEmpty();
        assertThat(store.find(chatbotA, session.key())).map(Session::id).contains(session.id());
    }

    @Test
    void a_key_that_exists_already_is_rejected_as_a_conflict_in_any_chatbot() {
        Session original = newSession(chatbotA);

        assertFailsWith(ErrorKind.CONFLICT,
                () -> store.create(new NewSession(original.key(), chatbotA, ClientInfo.UNKNOWN, clock.instant())));
        assertFailsWith(ErrorKind.CONFLICT,
                () -> store.create(new NewSession(original.key(), chatbotB, ClientInfo.UNKNOWN, clock.instant())));
        assertThat(store.find(chatbotA, original.key())).contains(original);
        assertThat(store.countSessionsByChatbot()).isEqualTo(Map.of(chatbotA, 1L));
    }

    @Test
    void find_by_id_of_a_deleted_session_is_empty() {
        Session session = newSession(chatbotA);
        store.delete(session.id());

        assertThat(store.findById(session.id())).isEmpty();
    }

    @Test
    void the_latest_session_of_a_client_is_the_most_recently_updated_one_of_that_chatbot() {
        ClientInfo alice = new ClientInfo(null, "smarter-cli/1.0", null, "cli:key-1:alice");
        Session older = store.create(new NewSession(SessionKey.random(random), chatbotA, alice, clock.instant()));
        Session newer = store.create(new NewSession(SessionKey.random(random), chatbotA, alice, clock.instant()));
        store.create(new NewSession(SessionKey.random(random), chatbotB, alice, clock.instant()));
        store.create(new NewSession(SessionKey.random(random), chatbotA, alice.withClientId("cli:key-1:bob"),
                clock.instant()));

        assertThat(store.findLatestByClientId(chatbotA, "cli:key-1:alice")).map(Session::id).contains(newer.id());

        clock.advance(Duration.ofMinutes(1));
        turnOn(older).messages(NewMessage.user("still there?")).append();

        assertThat(store.findLatestByClientId(chatbotA, "cli:key-1:alice")).map(Session::id).contains(older.id());
        assertThat(store.findLatestByClientId(chatbotA, "cli:key-1:carol")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------- appendTurn

    @Test
    void the_first_turn_stores_its_seed_then_its_messages_with_dense_seq_from_one() {
        Session session = newSession(chatbotA);
        List<NewMessage> seed = List.of(NewMessage.system("You are Smarter."), NewMessage.smarter("Welcome!"));
        List<NewMessage> messages = List.of(NewMessage.user("Hello"), NewMessage.assistant("Hi! How can I help?"));
        TurnDraft draft = turnOn(session).seed(seed).messages(messages);

        AppendedTurn appended = draft.append();

        assertThat(seqs(appended.messages())).containsExactly(1L, 2L, 3L, 4L);
        assertThat(drafts(appended.messages())).containsExactlyElementsOf(concat(seed, messages));
        assertThat(appended.messages()).allSatisfy(m -> {
            assertThat(m.turnId()).isEqualTo(draft.id());
            // Stamped by the store, when the turn started or when it was stored.
            assertThat(m.createdAt()).isBetween(draft.startedAt(), clock.peek());
        });
        assertThat(appended.session().lastSeq()).isEqualTo(4);
        assertThat(store.messagesAfter(session.id(), 0, 100)).isEqualTo(appended.messages());
    }

    @Test
    void a_seed_is_ignored_once_the_session_has_messages() {
        Session session = newSession(chatbotA);
        turnOn(session).seed(NewMessage.system("first seed")).messages(NewMessage.user("one")).append();

        AppendedTurn second = turnOn(session)
                .seed(NewMessage.system("second seed"), NewMessage.smarter("second welcome"))
                .messages(NewMessage.user("two"), NewMessage.assistant("2"))
                .append();

        assertThat(seqs(second.messages())).containsExactly(3L, 4L);
        assertThat(contents(store.messagesAfter(session.id(), 0, 100)))
                .containsExactly("first seed", "one", "two", "2");
        assertThat(second.session().lastSeq()).isEqualTo(4);
    }

    @Test
    void every_message_field_round_trips_exactly() {
        Session session = newSession(chatbotA);
        List<NewMessage> messages = List.of(
                new NewMessage(Role.USER, "What's the weather in Zürich?", null, null, "alice"),
                new NewMessage(Role.ASSISTANT, null, List.of(
                        new ToolCall("call_1", "get_current_weather", "{\"location\": \"Zürich\",  \"unit\":\"c\"}"),
                        // Exactly as the model produced it, even when malformed.
                        new ToolCall("call_2", "plugin_faq", "{\"question\": \"opening ho")), null, null),
                NewMessage.toolResult("call_1", "get_current_weather", "{\"temperature\":21.5}"),
                NewMessage.toolResult("call_2", "plugin_faq", "{\"error\":\"arguments are not valid JSON\"}"),
                NewMessage.assistant("It is 21.5 °C in Zürich."),
                NewMessage.smarter("Used plugin faq"),
                NewMessage.smarterError("The FAQ plugin failed"));

        AppendedTurn appended = turnOn(session).messages(messages).append();
        List<Message> stored = store.messagesAfter(session.id(), 0, 100);

        assertThat(stored).isEqualTo(appended.messages());
        assertThat(drafts(stored)).containsExactlyElementsOf(messages);
        Message toolRequest = stored.get(1);
        assertThat(toolRequest.content()).isNull();
        assertThat(toolRequest.toolCalls()).containsExactlyElementsOf(messages.get(1).toolCalls());
        assertThat(stored.get(2).toolCallId()).isEqualTo("call_1");
        assertThat(stored.get(2).name()).isEqualTo("get_current_weather");
        assertThat(stored.get(0).name()).isEqualTo("alice");
    }

    @Test
    void four_byte_characters_and_two_megabytes_of_content_round_trip_exactly() {
        Session session = newSession(chatbotA);
        String emoji = "😀 𝄞 🇨🇭 naïve 中文 \"quotes\" 'single' \\ backslash\n\ttab";
        String huge = hugeText(2 * 1024 * 1024);

        turnOn(session).messages(NewMessage.user(emoji), NewMessage.assistant(huge)).append();
        List<Message> stored = store.messagesAfter(session.id(), 0, 10);

        assertThat(stored.get(0).content()).isEqualTo(emoji);
        assertSameText(stored.get(1).content(), huge);
        assertSameText(store.recentMessages(session.id(), Role.MODEL_ROLES, 1).get(0).content(), huge);
    }

    @Test
    void the_title_is_taken_from_the_first_turn_that_offers_one_and_never_overwritten() {
        Session session = newSession(chatbotA);

        Session untitled = turnOn(session).messages(NewMessage.user("hi")).title(null).append().session();
        Session titled = turnOn(session).messages(NewMessage.user("weather?")).title("Weather in Zürich 😀")
                .append().session();
        Session kept = turnOn(session).messages(NewMessage.user("and tomorrow?")).title("Something else")
                .append().session();

        assertThat(untitled.title()).isNull();
        assertThat(titled.title()).isEqualTo("Weather in Zürich 😀");
        assertThat(kept.title()).isEqualTo("Weather in Zürich 😀");
        assertThat(store.findById(session.id())).map(Session::title).contains("Weather in Zürich 😀");
    }

    @Test
    void each_turn_advances_updated_at_and_last_seq() {
        Session session = newSession(chatbotA);
        clock.advance(Duration.ofMinutes(5));
        Instant before = clock.peek();

        Session first = turnOn(session).messages(NewMessage.user("q1"), NewMessage.assistant("a1")).append().session();
        clock.advance(Duration.ofSeconds(30));
        Session second = turnOn(session).messages(NewMessage.user("q2"), NewMessage.assistant("a2"),
                NewMessage.smarter("note")).append().session();

        assertThat(first.updatedAt()).isAfter(session.updatedAt()).isBetween(before, clock.peek());
        assertThat(second.updatedAt()).isAfter(first.updatedAt().plusSeconds(29));
        assertThat(first.lastSeq()).isEqualTo(2);
        assertThat(second.lastSeq()).isEqualTo(5);
        assertThat(second.createdAt()).isEqualTo(session.createdAt());
        assertThat(store.findById(session.id())).contains(second);
        assertThat(store.countMessages(session.id())).isEqualTo(5);
    }

    @Test
    void appending_to_a_missing_session_is_not_found() {
        Session session = newSession(chatbotA);
        store.delete(session.id());

        assertFailsWith(ErrorKind.NOT_FOUND, () -> store.appendTurn(session.id(), turnOn(session).build()));
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
        assertThat(store.recentProviderExchanges(id, 10)).containsExactly(answered, failed, askedForTools);
        assertThat(store.recentProviderExchanges(id, 2)).containsExactly(answered, failed);
        assertThat(store.recentToolExecutions(id, 10)).containsExactly(calc, faq, weather);
        assertThat(store.recentToolExecutions(id, 1)).containsExactly(calc);
        assertThat(store.recentPluginSelections(id, 10)).containsExactly(pricesChosen, faqChosen);
        assertThat(store.recentPluginSelections(id, 1)).containsExactly(pricesChosen);
    }

    // ----------------------------------------------------------------------------------------------- reading back

    @Test
    void the_first_system_message_is_the_oldest_one_wherever_it_is() {
        Session session = newSession(chatbotA);
        Session withoutSystem = newSession(chatbotA);
        turnOn(session).messages(NewMessage.user("u1"), NewMessage.assistant("a1"), NewMessage.system("first"),
                NewMessage.user("u2"), NewMessage.system("second")).append();
        turnOn(withoutSystem).messages(NewMessage.user("u1")).append();

        assertThat(store.firstSystemMessage(session.id()))
                .hasValueSatisfying(m -> assertThat(describe(m)).isEqualTo("3:SYSTEM:first"));
        assertThat(store.firstSystemMessage(withoutSystem.id())).isEmpty();
        assertThat(store.firstSystemMessage(newSession(chatbotA).id())).isEmpty();
    }

    @Test
    void a_system_message_after_hundreds_of_others_is_still_found() {
        Session session = newSession(chatbotA);
        for (int i = 1; i <= 300; i++) {
            turnOn(session).messages(NewMessage.user("u" + i)).append();
        }
        turnOn(session).messages(NewMessage.system("late")).append();

        assertThat(store.firstSystemMessage(session.id()))
                .hasValueSatisfying(m -> assertThat(describe(m)).isEqualTo("301:SYSTEM:late"));
    }

    @Test
    void recent_messages_are_the_newest_of_the_wanted_roles_returned_oldest_first() {
        Session session = newSession(chatbotA);
        turnOn(session).seed(NewMessage.system("sys")).messages(NewMessage.user("u1"), NewMessage.assistant("a1"),
                NewMessage.smarter("s1"), NewMessage.user("u2"), NewMessage.smarterError("e1"),
                NewMessage.assistant("a2")).append();
        long id = session.id();

        assertThat(describe(store.recentMessages(id, Set.of(Role.USER, Role.ASSISTANT), 3)))
                .containsExactly("3:ASSISTANT:a1", "5:USER:u2", "7:ASSISTANT:a2");
        assertThat(describe(store.recentMessages(id, Set.of(Role.USER), 10))).containsExactly("2:USER:u1", "5:USER:u2");
        assertThat(describe(store.recentMessages(id, EnumSet.of(Role.SMARTER, Role.SMARTER_ERROR), 10)))
                .containsExactly("4:SMARTER:s1", "6:SMARTER_ERROR:e1");
        assertThat(store.recentMessages(id, Set.of(Role.TOOL), 10)).isEmpty();
    }

    @Test
    void reading_stays_correct_on_a_session_of_two_thousand_messages() {
        Session session = newSession(chatbotA);
        List<NewMessage> all = IntStream.rangeClosed(1, 2_000).mapToObj(SessionStoreContract::numberedMessage).toList();
        // Twenty turns of a hundred messages: a long history without two thousand transactions.
        for (int from = 0; from < all.size(); from += 100) {
            turnOn(session).messages(all.subList(from, from + 100)).append();
        }
        long id = session.id();

        assertThat(store.countMessages(id)).isEqualTo(2_000);
        assertThat(describe(store.recentMessages(id, Role.MODEL_ROLES, 7))).containsExactlyElementsOf(
                lastOfRoles(all, Role.MODEL_ROLES, 7));
        assertThat(describe(store.recentMessages(id, Set.of(Role.SMARTER), 3)))
                .containsExactly("1900:SMARTER:m-1900", "1950:SMARTER:m-1950", "2000:SMARTER:m-2000");
        assertThat(describe(store.recentMessages(id, Role.MODEL_ROLES, 5_000)))
                .containsExactlyElementsOf(lastOfRoles(all, Role.MODEL_ROLES, 5_000));
        assertThat(seqs(pageThroughMessages(id, 300))).containsExactlyElementsOf(seqRange(1, 2_000));
        assertThat(seqs(store.messagesAfter(id, 1_995, 100))).containsExactly(1_996L, 1_997L, 1_998L, 1_999L, 2_000L);
    }

    @Test
    void messages_after_pages_through_the_history_in_seq_order() {
        Session session = newSession(chatbotA);
        turnOn(session).messages(IntStream.rangeClosed(1, 7).mapToObj(SessionStoreContract::numberedMessage).toList())
                .append();
        long id = session.id();

        assertThat(seqs(store.messagesAfter(id, 0, 3))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(store.messagesAfter(id, 3, 3))).containsExactly(4L, 5L, 6L);
        assertThat(seqs(store.messagesAfter(id, 6, 3))).containsExactly(7L);
        assertThat(store.messagesAfter(id, 7, 3)).isEmpty();
        assertThat(store.messagesAfter(newSession(chatbotA).id(), 0, 3)).isEmpty();
    }

    @Test
    void count_messages_counts_seed_and_turn_messages_of_that_session_only() {
        Session session = newSession(chatbotA);
        Session other = newSession(chatbotA);
        turnOn(session).seed(NewMessage.system("sys")).messages(NewMessage.user("u"), NewMessage.assistant("a"))
                .append();
        turnOn(other).messages(NewMessage.user("elsewhere")).append();

        assertThat(store.countMessages(session.id())).isEqualTo(3);
        assertThat(store.countMessages(other.id())).isEqualTo(1);
        assertThat(store.countMessages(newSession(chatbotA).id())).isZero();
    }

    // ---------------------------------------------------------------------------------------------------- listing

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

        assertThat(store.list(SessionQuery.firstPage(chatbotA, 1)).sessions()).singleElement()
                .satisfies(s -> assertThat(s.id()).isEqualTo(oldest.id()));
    }

    @Test
    void listing_a_chatbot_without_sessions_is_an_empty_last_page() {
        newSession(chatbotA);

        SessionPage page = store.list(SessionQuery.firstPage(chatbotB, 10));

        assertThat(page.sessions()).isEmpty();
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void a_cursor_the_store_did_not_issue_is_invalid_input() {
        newSession(chatbotA);

        assertFailsWith(ErrorKind.INVALID_INPUT,
                () -> store.list(new SessionQuery(chatbotA, "not a cursor!", 10, false)));
    }

    // -------------------------------------------------------------------------------------------------- deleting

    @Test
    void delete_removes_the_session_with_its_messages_and_turn_records_and_nothing_else() {
        Session doomed = newSession(chatbotA);
        Session kept = newSession(chatbotA);
        appendTurnWithRecords(doomed);
        appendTurnWithRecords(kept);

        assertThat(store.delete(doomed.id())).isTrue();

        long id = doomed.id();
        assertThat(store.findById(id)).isEmpty();
        assertThat(store.find(chatbotA, doomed.key())).isEmpty();
        assertThat(store.countMessages(id)).isZero();
        assertThat(store.messagesAfter(id, 0, 100)).isEmpty();
        assertThat(store.recentMessages(id, EnumSet.allOf(Role.class), 100)).isEmpty();
        assertThat(store.firstSystemMessage(id)).isEmpty();
        assertThat(store.recentProviderExchanges(id, 100)).isEmpty();
        assertThat(store.recentToolExecutions(id, 100)).isEmpty();
        assertThat(store.recentPluginSelections(id, 100)).isEmpty();
        assertThat(store.list(SessionQuery.firstPage(chatbotA, 10)).sessions()).extracting(Session::id)
                .containsExactly(kept.id());
        assertThat(store.countMessages(kept.id())).isEqualTo(3);
        assertThat(store.recentProviderExchanges(kept.id(), 100)).hasSize(1);
    }

    @Test
    void deleting_an_unknown_session_returns_false() {
        Session session = newSession(chatbotA);
        store.delete(session.id());

        assertThat(store.delete(session.id())).isFalse();
    }

    // --------------------------------------------------------------------------------------------------- pruning

    @Test
    void counting_inactive_sessions_counts_only_those_last_updated_before_the_cutoff() {
        PruneScenario scenario = pruneScenario();

        assertThat(store.countInactiveSince(scenario.cutoff())).isEqualTo(scenario.inactive().size());
        assertThat(store.countInactiveSince(scenario.cutoff().minus(Duration.ofDays(365)))).isZero();
    }

    @Test
    void pruning_deletes_only_inactive_sessions_in_batches_reporting_running_totals() {
        PruneScenario scenario = pruneScenario();
        List<Long> reported = Collections.synchronizedList(new ArrayList<>());

        // At most 10 rows per transaction: up to 10 empty sessions together, fewer with messages.
        long deleted = store.pruneInactiveSince(scenario.cutoff(), 10, reported::add);

        assertThat(deleted).isEqualTo(25);
        assertThat(reported).isSorted().hasSizeGreaterThanOrEqualTo(3).last().isEqualTo(25L);
        for (int i = 0; i < reported.size(); i++) {
            assertThat(reported.get(i) - (i == 0 ? 0 : reported.get(i - 1))).isBetween(0L, 10L);
        }
        assertThat(store.countInactiveSince(scenario.cutoff())).isZero();
        assertThat(scenario.inactive()).allSatisfy(s -> {
            assertThat(store.findById(s.id())).isEmpty();
            assertThat(store.countMessages(s.id())).isZero();
        });
        assertThat(scenario.active()).allSatisfy(s -> assertThat(store.findById(s.id())).isPresent());
        assertThat(store.pruneInactiveSince(scenario.cutoff(), 10, SessionStore.PruneProgress.NONE)).isZero();
    }

    @Test
    void a_session_longer_than_the_rows_per_transaction_is_pruned_whole_and_nothing_else() {
        Instant cutoff = START.plus(Duration.ofDays(30));
        clock.set(cutoff.minus(Duration.ofDays(10)));
        Session longOne = newSession(chatbotA);
        for (int turn = 0; turn < 6; turn++) {
            List<NewMessage> messages = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                messages.add(i % 2 == 0 ? NewMessage.user("q" + turn + "." + i) : NewMessage.assistant("a" + i));
            }
            TurnDraft draft = turnOn(longOne).messages(messages);
            draft.records(List.of(exchange(draft.id(), 1, new TokenUsage(3, 2, 5))), List.of(), List.of()).append();
        }
        Session small = turnOn(newSession(chatbotB)).messages(NewMessage.user("old")).append().session();
        clock.set(cutoff.plus(Duration.ofHours(1)));
        Session active = turnOn(newSession(chatbotA)).messages(NewMessage.user("new"), NewMessage.assistant("yes"))
                .append().session();

        long deleted = store.pruneInactiveSince(cutoff, 7, SessionStore.PruneProgress.NONE);

        assertThat(deleted).isEqualTo(2);
        assertThat(store.findById(longOne.id())).isEmpty();
        assertThat(store.countMessages(longOne.id())).isZero();
        assertThat(store.recentProviderExchanges(longOne.id(), 100)).isEmpty();
        assertThat(store.findById(small.id())).isEmpty();
        assertThat(store.find(chatbotA, longOne.key())).isEmpty();
        assertThat(store.countMessages(active.id())).isEqualTo(2);
        assertThat(store.findById(active.id())).isPresent();
    }

    // ---------------------------------------------------------------------------------------- counts and usage

    @Test
    void sessions_are_counted_per_chatbot() {
        newSession(chatbotA);
        newSession(chatbotA);
        Session deleted = newSession(chatbotA);
        newSession(chatbotB);
        store.delete(deleted.id());

        assertThat(store.countSessionsByChatbot()).isEqualTo(Map.of(chatbotA, 2L, chatbotB, 1L));
    }

    @Test
    void token_usage_is_summed_over_every_turn_per_chatbot_and_per_account() {
        long otherAccount = newAccountId();
        long chatbotC = chatbotIn(otherAccount);
        Session a1 = newSession(chatbotA);
        Session a2 = newSession(chatbotA);
        Session b = newSession(chatbotB);
        Session c = newSession(chatbotC);
        appendTurnCharging(a1, new TokenUsage(10, 5, 15));
        appendTurnCharging(a1, new TokenUsage(1, 2, 3));
        appendTurnCharging(a2, new TokenUsage(100, 0, 100));
        appendTurnCharging(b, new TokenUsage(1000, 500, 1500));
        appendTurnCharging(c, new TokenUsage(7, 7, 14));
        turnOn(c).messages(NewMessage.smarterError("provider down")).append();

        assertThat(store.tokenUsageOfChatbot(chatbotA)).isEqualTo(new TokenUsage(111, 7, 118));
        assertThat(store.tokenUsageOfChatbot(chatbotB)).isEqualTo(new TokenUsage(1000, 500, 1500));
        assertThat(store.tokenUsageOfAccount(account)).isEqualTo(new TokenUsage(1111, 507, 1618));
        assertThat(store.tokenUsageOfAccount(otherAccount)).isEqualTo(new TokenUsage(7, 7, 14));
        assertThat(store.tokenUsageOfChatbot(newChatbotId(otherAccount))).isEqualTo(TokenUsage.NONE);
    }

    @Test
    void tokens_used_on_a_day_count_the_turns_that_started_that_utc_day_per_chatbot_and_per_account() {
        long otherAccount = newAccountId();
        long chatbotC = chatbotIn(otherAccount);
        Session a = newSession(chatbotA);
        Session b = newSession(chatbotB);
        Session c = newSession(chatbotC);
        LocalDate day = LocalDate.of(2031, 3, 5);
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant nextMidnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        clock.set(midnight.minusMillis(1));
        appendTurnCharging(a, new TokenUsage(1, 1, 2));
        clock.set(midnight);
        appendTurnCharging(a, new TokenUsage(10, 5, 15));
        appendTurnCharging(b, new TokenUsage(100, 0, 100));
        appendTurnCharging(c, new TokenUsage(7, 7, 14));
        turnOn(a).messages(NewMessage.smarterError("over budget")).append();
        clock.set(nextMidnight.minusMillis(1));
        appendTurnCharging(a, new TokenUsage(3, 0, 3));
        clock.set(nextMidnight);
        appendTurnCharging(b, new TokenUsage(1000, 0, 1000));

        assertThat(store.tokensUsedOn(day, chatbotA, account)).isEqualTo(new DailyTokenUse(day, 18, 118));
        assertThat(store.tokensUsedOn(day, chatbotB, account)).isEqualTo(new DailyTokenUse(day, 100, 118));
        assertThat(store.tokensUsedOn(day, chatbotC, otherAccount)).isEqualTo(new DailyTokenUse(day, 14, 14));
        assertThat(store.tokensUsedOn(day.minusDays(1), chatbotA, account))
                .isEqualTo(new DailyTokenUse(day.minusDays(1), 2, 2));
        assertThat(store.tokensUsedOn(day.plusDays(1), chatbotA, account))
                .isEqualTo(new DailyTokenUse(day.plusDays(1), 0, 1000));
        assertThat(store.tokensUsedOn(day.plusDays(2), chatbotA, account))
                .isEqualTo(new DailyTokenUse(day.plusDays(2), 0, 0));
    }

    @Test
    void the_store_is_reachable() {
        assertThat(store.isReachable()).isTrue();
    }

    @Test
    void the_turn_context_is_the_session_its_first_system_message_and_its_newest_messages_of_the_wanted_roles() {
        Session session = newSession(chatbotA);
        List<NewMessage> all = IntStream.rangeClosed(1, 400).mapToObj(SessionStoreContract::numberedMessage).toList();
        turnOn(session).seed(NewMessage.system("sys")).messages(all.subList(0, 200)).append();
        turnOn(session).messages(all.subList(200, 400)).append();

        TurnContext context = store.loadTurnContext(chatbotA, session.key(), Role.MODEL_ROLES, 51).orElseThrow();

        assertThat(context.session()).isEqualTo(store.findById(session.id()).orElseThrow());
        assertThat(context.session().lastSeq()).isEqualTo(401);
        assertThat(context.firstSystemMessage()).map(SessionStoreContract::describe).contains("1:SYSTEM:sys");
        assertThat(context.firstSystemMessage()).isEqualTo(store.firstSystemMessage(session.id()));
        assertThat(context.recentMessages()).hasSize(51)
                .isEqualTo(store.recentMessages(session.id(), Role.MODEL_ROLES, 51));
        assertThat(store.loadTurnContext(chatbotA, session.key(), Set.of(Role.SMARTER), 3).orElseThrow()
                .recentMessages()).isEqualTo(store.recentMessages(session.id(), Set.of(Role.SMARTER), 3));
    }

    @Test
    void the_turn_context_finds_a_late_system_message_and_reaches_back_past_sparse_matches() {
        Session session = newSession(chatbotA);
        for (int i = 1; i <= 100; i++) {
            turnOn(session).messages(NewMessage.smarter("s" + i), NewMessage.smarter("t" + i)).append();
        }
        turnOn(session).messages(NewMessage.system("late"), NewMessage.user("u")).append();
        for (int i = 1; i <= 200; i++) {
            turnOn(session).messages(NewMessage.smarter("x" + i)).append();
        }

        TurnContext context = store.loadTurnContext(chatbotA, session.key(), Role.MODEL_ROLES, 5).orElseThrow();

        assertThat(context.firstSystemMessage()).map(SessionStoreContract::describe).contains("201:SYSTEM:late");
        assertThat(describe(context.recentMessages())).containsExactly("201:SYSTEM:late", "202:USER:u");
    }

    @Test
    void the_turn_context_of_an_empty_session_has_no_messages_and_a_key_opens_it_only_within_its_chatbot() {
        Session session = newSession(chatbotA);

        assertThat(store.loadTurnContext(chatbotA, session.key(), Role.MODEL_ROLES, 51)).hasValueSatisfying(c -> {
            assertThat(c.session()).isEqualTo(session);
            assertThat(c.firstSystemMessage()).isEmpty();
            assertThat(c.recentMessages()).isEmpty();
        });
        assertThat(store.loadTurnContext(chatbotB, session.key(), Role.MODEL_ROLES, 51)).isEmpty();
        assertThat(store.loadTurnContext(chatbotA, SessionKey.random(random), Role.MODEL_ROLES, 51)).isEmpty();
    }

    @Test
    void appending_after_a_stale_read_still_appends_after_whatever_came_meanwhile() {
        Session session = newSession(chatbotA);
        Session readBefore = turnOn(session).seed(NewMessage.system("sys")).messages(NewMessage.user("q1"))
                .append().session();
        turnOn(session).messages(NewMessage.user("q2"), NewMessage.assistant("a2")).append();

        AppendedTurn late = turnOn(session).seed(NewMessage.system("ignored")).messages(NewMessage.user("q3"),
                NewMessage.assistant("a3")).appendAfterReading(readBefore);
        AppendedTurn fresh = turnOn(late.session()).messages(NewMessage.user("q4"))
                .appendAfterReading(late.session());

        assertThat(describe(late.messages())).containsExactly("5:USER:q3", "6:ASSISTANT:a3");
        assertThat(late.session().lastSeq()).isEqualTo(6);
        assertThat(describe(fresh.messages())).containsExactly("7:USER:q4");
        assertThat(describe(store.messagesAfter(session.id(), 0, 100))).containsExactly("1:SYSTEM:sys",
                "2:USER:q1", "3:USER:q2", "4:ASSISTANT:a2", "5:USER:q3", "6:ASSISTANT:a3", "7:USER:q4");
        assertThat(store.findById(session.id())).contains(fresh.session());
    }

    @Test
    void concurrent_turns_that_all_read_the_same_session_first_are_all_appended_in_one_piece() throws Exception {
        Session session = newSession(chatbotA);
        int threads = 8;

        runConcurrently(threads, thread -> () -> turnOn(session).seed(NewMessage.system("seed-" + thread))
                .messages(NewMessage.user("q-" + thread), NewMessage.assistant("a-" + thread))
                .appendAfterReading(session));

        List<Message> history = store.messagesAfter(session.id(), 0, 100);
        assertThat(seqs(history)).containsExactlyElementsOf(seqRange(1, 2 * threads + 1));
        assertThat(history).filteredOn(m -> m.role() == Role.SYSTEM).hasSize(1);
        for (int i = 1; i < history.size(); i += 2) {
            assertThat(history.get(i + 1).content()).isEqualTo("a-" + history.get(i).content().substring(2));
        }
    }

    // ------------------------------------------------------------------------------------------------ concurrency

    @Test
    void concurrent_turns_on_one_session_are_neither_lost_duplicated_nor_interleaved() throws Exception {
        Session session = newSession(chatbotA);
        int threads = 8;
        int turnsPerThread = 25;

        List<List<AppendedTurn>> results = runConcurrently(threads, thread -> () -> {
            List<AppendedTurn> mine = new ArrayList<>();
            for (int i = 0; i < turnsPerThread; i++) {
                mine.add(turnOn(session).messages(NewMessage.user("q-" + thread + "-" + i),
                        NewMessage.assistant("a-" + thread + "-" + i)).append());
            }
            return mine;
        });

        results.stream().flatMap(List::stream).forEach(turn -> {
            List<Message> pair = turn.messages();
            assertThat(pair.get(1).seq()).as("seq of the answer appended with %s", pair.get(0).content())
                    .isEqualTo(pair.get(0).seq() + 1);
            assertThat(turn.session().lastSeq()).isGreaterThanOrEqualTo(pair.get(1).seq());
        });
        List<Message> history = pageThroughMessages(session.id(), 150);
        int total = threads * turnsPerThread * 2;
        assertThat(seqs(history)).containsExactlyElementsOf(seqRange(1, total));
        for (int i = 0; i < total; i += 2) {
            String question = history.get(i).content();
            assertThat(question).startsWith("q-");
            assertThat(history.get(i + 1).content()).as("answer after %s", question)
                    .isEqualTo("a-" + question.substring(2));
        }
        assertThat(new HashSet<>(contents(history))).hasSize(total);
        for (int thread = 0; thread < threads; thread++) {
            String prefix = "q-" + thread + "-";
            assertThat(contents(history).stream().filter(c -> c.startsWith(prefix)).toList())
                    .as("questions of thread %d in the order it asked them", thread)
                    .containsExactlyElementsOf(IntStream.range(0, turnsPerThread).mapToObj(i -> prefix + i).toList());
        }
        assertThat(store.findById(session.id())).map(Session::lastSeq).contains((long) total);
        assertThat(store.countMessages(session.id())).isEqualTo(total);
    }

    @Test
    void racing_first_turns_seed_a_new_session_only_once() throws Exception {
        Session session = newSession(chatbotA);
        int threads = 8;

        runConcurrently(threads, thread -> () -> turnOn(session).seed(NewMessage.system("seed-" + thread))
                .messages(NewMessage.user("first-" + thread)).append());

        List<Message> history = store.messagesAfter(session.id(), 0, 100);
        assertThat(history).hasSize(threads + 1);
        assertThat(history.get(0).role()).isEqualTo(Role.SYSTEM);
        assertThat(history).filteredOn(m -> m.role() == Role.SYSTEM).hasSize(1);
        assertThat(seqs(history)).containsExactlyElementsOf(seqRange(1, threads + 1));
    }

    // ------------------------------------------------------------------------------------------ idempotency keys

    @Test
    void a_free_idempotency_key_is_claimed_then_running_then_done_with_the_turn_that_stored_it() {
        Session session = newSession(chatbotA);
        IdempotencyKey key = new IdempotencyKey("key-" + UUID.randomUUID());
        TurnDraft draft = turnOn(session).seed(NewMessage.system("You are Smarter."))
                .messages(NewMessage.user("Hi"), NewMessage.assistant("Hello"));
        draft.records(List.of(exchange(draft.id(), 1, new TokenUsage(3, 4, 7))), List.of(), List.of());
        Instant now = clock.instant();

        assertThat(store.claimIdempotencyKey(chatbotA, key, "hash-1", draft.id(), now, now.plusSeconds(30)))
                .isInstanceOf(IdempotencyClaim.Claimed.class);
        assertThat(store.claimIdempotencyKey(chatbotA, key, "hash-1", "other-attempt", now, now.plusSeconds(30)))
                .as("while the holder runs").isInstanceOf(IdempotencyClaim.Running.class);
        AppendedTurn appended = store.appendTurn(session.id(),
                draft.build().withIdempotency(new TurnIdempotency(key, "{\"model\": \"m\"}")));

        IdempotencyClaim done = store.claimIdempotencyKey(chatbotA, key, "hash-1", "a-retry", clock.instant(),
                clock.instant().plusSeconds(30));
        assertThat(done).isEqualTo(new IdempotencyClaim.Done(session.id(), 1, draft.id(), "{\"model\": \"m\"}"));
        StoredTurn stored = store.findTurn(session.id(), 1, draft.id()).orElseThrow();
        assertThat(stored.messages()).isEqualTo(appended.messages());
        assertThat(stored.session()).isEqualTo(appended.session());
        assertThat(stored.exchanges()).singleElement()
                .satisfies(x -> assertThat(x.usage()).isEqualTo(new TokenUsage(3, 4, 7)));
        assertThat(store.findTurn(session.id(), 1, "another-turn")).as("a turn id that is not there").isEmpty();
    }

    @Test
    void an_idempotency_key_with_another_request_is_a_mismatch_in_its_chatbot_only() {
        IdempotencyKey key = new IdempotencyKey("shared-key");
        Instant now = clock.instant();
        store.claimIdempotencyKey(chatbotA, key, "hash-1", "turn-1", now, now.plusSeconds(30));

        assertThat(store.claimIdempotencyKey(chatbotA, key, "hash-2", "turn-2", now, now.plusSeconds(30)))
                .isInstanceOf(IdempotencyClaim.Mismatch.class);
        assertThat(store.claimIdempotencyKey(chatbotB, key, "hash-2", "turn-3", now, now.plusSeconds(30)))
                .isInstanceOf(IdempotencyClaim.Claimed.class);
    }

    @Test
    void a_key_whose_lease_ran_out_is_taken_over_and_the_old_attempt_then_stores_nothing() {
        Session session = newSession(chatbotA);
        IdempotencyKey key = new IdempotencyKey("lease-key");
        TurnDraft dead = turnOn(session).messages(NewMessage.user("first"));
        TurnDraft taker = turnOn(session).messages(NewMessage.user("second"));
        Instant now = clock.instant();
        store.claimIdempotencyKey(chatbotA, key, "hash", dead.id(), now, now.plusSeconds(30));

        Instant later = now.plusSeconds(31);
        assertThat(store.claimIdempotencyKey(chatbotA, key, "hash", taker.id(), later, later.plusSeconds(30)))
                .isInstanceOf(IdempotencyClaim.Claimed.class);
        assertThat(store.renewIdempotencyKey(chatbotA, key, dead.id(), later.plusSeconds(60))).isFalse();
        assertThatThrownBy(() -> store.appendTurn(session.id(),
                dead.build().withIdempotency(new TurnIdempotency(key, "{}"))))
                .isInstanceOfSatisfying(PromptException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                    assertThat(e.errorClass()).isEqualTo(IdempotencyClaim.LOST);
                });
        assertThat(store.countMessages(session.id())).as("nothing of the old attempt").isZero();

        store.appendTurn(session.id(), taker.build().withIdempotency(new TurnIdempotency(key, "{}")));
        assertThat(store.claimIdempotencyKey(chatbotA, key, "hash", "retry", later, later.plusSeconds(30)))
                .isEqualTo(new IdempotencyClaim.Done(session.id(), 1, taker.id(), "{}"));
    }

    @Test
    void renewing_keeps_a_key_running_and_releasing_frees_it_but_never_a_done_one() {
        Session session = newSession(chatbotA);
        IdempotencyKey running = new IdempotencyKey("running-key");
        IdempotencyKey done = new IdempotencyKey("done-key");
        TurnDraft turn = turnOn(session);
        Instant now = clock.instant();
        store.claimIdempotencyKey(chatbotA, running, "hash", "turn-r", now, now.plusSeconds(30));
        store.claimIdempotencyKey(chatbotA, done, "hash", turn.id(), now, now.plusSeconds(30));
        store.appendTurn(session.id(), turn.build().withIdempotency(new TurnIdempotency(done, "{}")));

        assertThat(store.renewIdempotencyKey(chatbotA, running, "turn-r", now.plusSeconds(90))).isTrue();
        Instant afterFirstLease = now.plusSeconds(60);
        assertThat(store.claimIdempotencyKey(chatbotA, running, "hash", "turn-x", afterFirstLease,
                afterFirstLease.plusSeconds(30))).as("renewed").isInstanceOf(IdempotencyClaim.Running.class);
        assertThat(store.renewIdempotencyKey(chatbotA, done, turn.id(), now.plusSeconds(90))).isFalse();

        store.releaseIdempotencyKey(chatbotA, running, "turn-r");
        store.releaseIdempotencyKey(chatbotA, done, turn.id());
        assertThat(store.claimIdempotencyKey(chatbotA, running, "another-hash", "turn-y", now, now.plusSeconds(30)))
                .as("released").isInstanceOf(IdempotencyClaim.Claimed.class);
        assertThat(store.claimIdempotencyKey(chatbotA, done, "hash", "turn-z", now, now.plusSeconds(30)))
                .as("done stays done").isInstanceOf(IdempotencyClaim.Done.class);
    }

    @Test
    void a_key_goes_with_its_session_and_is_forgotten_after_24_hours() {
        Session session = newSession(chatbotA);
        IdempotencyKey withSession = new IdempotencyKey("with-session");
        IdempotencyKey old = new IdempotencyKey("old-key");
        TurnDraft turn = turnOn(session);
        Instant now = clock.instant();
        store.claimIdempotencyKey(chatbotA, withSession, "hash", turn.id(), now, now.plusSeconds(30));
        store.appendTurn(session.id(), turn.build().withIdempotency(new TurnIdempotency(withSession, "{}")));
        store.claimIdempotencyKey(chatbotA, old, "hash", "turn-old", now, now.plusSeconds(30));

        store.delete(session.id());
        assertThat(store.claimIdempotencyKey(chatbotA, withSession, "other-hash", "turn-2", now, now.plusSeconds(30)))
                .isInstanceOf(IdempotencyClaim.Claimed.class);
        Instant nextDay = now.plus(SessionStore.IDEMPOTENCY_KEY_LIFETIME).plusSeconds(1);
        assertThat(store.claimIdempotencyKey(chatbotA, old, "other-hash", "turn-3", nextDay, nextDay.plusSeconds(30)))
                .isInstanceOf(IdempotencyClaim.Claimed.class);
    }

    // -------------------------------------------------------------------------------------------------- fixtures

    private long chatbotIn(long accountId) {
        long chatbotId = newChatbotId(accountId);
        accountOfChatbot.put(chatbotId, accountId);
        return chatbotId;
    }

    private Session newSession(long chatbotId) {
        return newSessionAt(chatbotId, clock.instant());
    }

    private Session newSessionAt(long chatbotId, Instant createdAt) {
        return store.create(new NewSession(SessionKey.random(random), chatbotId, ClientInfo.UNKNOWN, createdAt));
    }

    /** Sessions created in shuffled order, two at each instant, so neither insertion order nor time alone sorts. */
    private List<Session> sessionsWithTiedTimes(long chatbotId, int count) {
        Instant base = clock.instant();
        List<Integer> order = new ArrayList<>(IntStream.range(0, count).boxed().toList());
        Collections.shuffle(order, new Random(42));
        return order.stream().map(i -> newSessionAt(chatbotId, base.plusSeconds(i / 2))).toList();
    }

    private List<Session> pageThroughSessions(long chatbotId, int limit, boolean ascending, int expectedPages) {
        List<Session> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SessionPage page = store.list(new SessionQuery(chatbotId, cursor, limit, ascending));
            pages++;
            cursor = page.nextCursor().orElse(null);
            if (cursor != null) {
                assertThat(page.sessions()).as("page %d, which has a cursor", pages).hasSize(limit);
            }
            seen.addAll(page.sessions());
        } while (cursor != null && pages <= expectedPages);
        assertThat(pages).as("pages").isEqualTo(expectedPages);
        return seen;
    }

    private List<Message> pageThroughMessages(long sessionId, int limit) {
        List<Message> all = new ArrayList<>();
        List<Message> page;
        do {
            page = store.messagesAfter(sessionId, all.isEmpty() ? 0 : all.get(all.size() - 1).seq(), limit);
            assertThat(page.size()).isLessThanOrEqualTo(limit);
            all.addAll(page);
        } while (!page.isEmpty());
        return all;
    }

    private record PruneScenario(Instant cutoff, List<Session> inactive, List<Session> active) {
    }

    /**
     * 25 sessions last updated before the cutoff (some with messages), and sessions that are not: one updated exactly
     * at the cutoff, newer ones, and an old one that a recent turn brought back to life.
     */
    private PruneScenario pruneScenario() {
        Instant cutoff = START.plus(Duration.ofDays(30));
        List<Session> inactive = new ArrayList<>();
        List<Session> active = new ArrayList<>();
        clock.set(cutoff.minus(Duration.ofDays(10)));
        for (int i = 0; i < 25; i++) {
            Session session = newSession(i % 2 == 0 ? chatbotA : chatbotB);
            if (i % 5 == 0) {
                session = turnOn(session).seed(NewMessage.system("sys")).messages(NewMessage.user("old " + i))
                        .append().session();
            }
            inactive.add(session);
        }
        Session revived = newSession(chatbotA);
        active.add(newSessionAt(chatbotA, cutoff));
        clock.set(cutoff.plus(Duration.ofHours(1)));
        active.add(turnOn(revived).messages(NewMessage.user("back")).append().session());
        for (int i = 0; i < 4; i++) {
            active.add(newSession(i % 2 == 0 ? chatbotA : chatbotB));
        }
        return new PruneScenario(cutoff, inactive, active);
    }

    private void appendTurnWithRecords(Session session) {
        TurnDraft draft = turnOn(session).seed(NewMessage.system("sys"))
                .messages(NewMessage.user("q"), NewMessage.assistant("a"));
        draft.records(List.of(exchange(draft.id(), 1, new TokenUsage(3, 2, 5))),
                List.of(new ToolExecution(draft.id(), "call_1", "calculator", "{}", "4", null, null, 1,
                        clock.instant())),
                List.of(new PluginSelection(draft.id(), 5L, "faq", "q", null, clock.instant())));
        draft.append();
    }

    private void appendTurnCharging(Session session, TokenUsage usage) {
        TurnDraft draft = turnOn(session).messages(NewMessage.user("q"), NewMessage.assistant("a"));
        draft.records(List.of(exchange(draft.id(), 1, usage)), List.of(), List.of()).append();
    }

    private ProviderExchange exchange(String turnId, int round, TokenUsage usage) {
        JsonObject request = (JsonObject) Json.parse("""
                {"model":"gpt-4o-mini","temperature":0.0,"max_tokens":2048,"round":%d,
                 "messages":[{"role":"system","content":"You are Smarter."},
                             {"role":"user","content":"Wie ist das Wetter in Zürich? 😀 \\"quoted\\"\\n"}],
                 "tools":[{"type":"function","function":{"name":"get_current_weather",
                           "parameters":{"type":"object","required":["location"]}}}]}
                """.formatted(round));
        JsonObject response = (JsonObject) Json.parse("""
                {"id":"chatcmpl-%d","choices":[{"index":0,"finish_reason":"tool_calls",
                  "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"get_current_weather","arguments":"{\\"location\\":\\"Zürich\\"}"}}]}}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d},"score":-1.25e-3}
                """.formatted(round, usage.promptTokens(), usage.completionTokens(), usage.totalTokens()));
        return new ProviderExchange(turnId, round, "openai", "gpt-4o-mini", request, response, usage, 850 + round,
                null, clock.instant());
    }

    private ProviderExchange failedExchange(String turnId, int round) {
        JsonObject request = JsonObject.builder().put("model", "gpt-4o-mini").put("round", round).build();
        return new ProviderExchange(turnId, round, "openai", "gpt-4o-mini", request, null, TokenUsage.NONE, 30_000,
                "provider answered 429: rate limited", clock.instant());
    }

    private static NewMessage numberedMessage(int n) {
        Role role = n % 50 == 0 ? Role.SMARTER : n % 2 == 1 ? Role.USER : Role.ASSISTANT;
        return new NewMessage(role, "m-" + n, null, null, null);
    }

    private static String hugeText(int length) {
        StringBuilder text = new StringBuilder(length + 32);
        for (int line = 0; text.length() < length; line++) {
            text.append(line).append(": the quick brown fox 😀 jumps over the lazy dog — naïve café\n");
        }
        return text.toString();
    }

    private TurnDraft turnOn(Session session) {
        return new TurnDraft(session);
    }

    /** A turn being put together for one session; ids and timestamps come from the contract's clock. */
    private final class TurnDraft {
        private final Session session;
        private final String id = "turn-" + UUID.randomUUID();
        private final Instant startedAt = clock.instant();
        private List<NewMessage> seed = List.of();
        private List<NewMessage> messages = List.of(NewMessage.user("hello"));
        private List<ProviderExchange> exchanges = List.of();
        private List<ToolExecution> executions = List.of();
        private List<PluginSelection> selections = List.of();
        private String title = "A title";

        TurnDraft(Session session) {
            this.session = session;
        }

        String id() {
            return id;
        }

        Instant startedAt() {
            return startedAt;
        }

        TurnDraft seed(NewMessage... values) {
            return seed(List.of(values));
        }

        TurnDraft seed(List<NewMessage> values) {
            seed = values;
            return this;
        }

        TurnDraft messages(NewMessage... values) {
            return messages(List.of(values));
        }

        TurnDraft messages(List<NewMessage> values) {
            messages = values;
            return this;
        }

        TurnDraft title(String value) {
            title = value;
            return this;
        }

        TurnDraft records(List<ProviderExchange> providerExchanges, List<ToolExecution> toolExecutions,
                          List<PluginSelection> pluginSelections) {
            exchanges = providerExchanges;
            executions = toolExecutions;
            selections = pluginSelections;
            return this;
        }

        Turn build() {
            // The turn is charged what its exchanges report, so summing either one gives the same totals.
            TokenUsage usage = exchanges.stream().map(ProviderExchange::usage).reduce(TokenUsage.NONE,
                    TokenUsage::plus);
            long accountId = accountOfChatbot.getOrDefault(session.chatbotId(), 0L);
            return new Turn(id, session.chatbotId(), accountId, startedAt, seed, messages, exchanges, executions,
                    selections, usage, title);
        }

        AppendedTurn append() {
            return store.appendTurn(session.id(), build());
        }

        /** Appends for the session as it was read earlier in the turn, which may be stale by now. */
        AppendedTurn appendAfterReading(Session readBefore) {
            return store.appendTurn(readBefore, build());
        }
    }

    // ------------------------------------------------------------------------------------------------- utilities

    /** Runs one task per thread, all released together, and fails if they do not finish in time. */
    private static <T> List<T> runConcurrently(int threads, IntFunction<Callable<T>> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Callable<T>> tasks = IntStream.range(0, threads).<Callable<T>>mapToObj(i -> () -> {
            start.await(CONCURRENCY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return task.apply(i).call();
        }).toList();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = pool.invokeAll(tasks, CONCURRENCY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                if (future.isCancelled()) {
                    fail("concurrent appends did not finish within " + CONCURRENCY_TIMEOUT);
                }
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    throw new AssertionError("a concurrent append failed: " + e.getCause(), e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Compares long texts without printing megabytes when they differ. */
    private static void assertSameText(String actual, String expected) {
        assertThat(actual).isNotNull();
        int common = Math.min(actual.length(), expected.length());
        int firstDifference = IntStream.range(0, common).filter(i -> actual.charAt(i) != expected.charAt(i))
                .findFirst().orElse(common);
        assertThat(firstDifference).as("index of the first differing char (lengths %d and %d)", actual.length(),
                expected.length()).isEqualTo(expected.length());
        assertThat(actual.length()).isEqualTo(expected.length());
    }

    private static List<String> lastOfRoles(List<NewMessage> all, Set<Role> roles, int limit) {
        List<String> matching = IntStream.range(0, all.size()).filter(i -> roles.contains(all.get(i).role()))
                .mapToObj(i -> (i + 1) + ":" + all.get(i).role() + ":" + all.get(i).content()).toList();
        return matching.subList(Math.max(0, matching.size() - limit), matching.size());
    }

    private static String describe(Message message) {
        return message.seq() + ":" + message.role() + ":" + message.content();
    }

    private static List<String> describe(List<Message> messages) {
        return messages.stream().map(SessionStoreContract::describe).toList();
    }

    private static List<Long> seqs(List<Message> messages) {
        return messages.stream().map(Message::seq).toList();
    }

    private static List<Long> seqRange(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    private static List<String> contents(List<Message> messages) {
        return messages.stream().map(Message::content).toList();
    }

    private static List<NewMessage> drafts(List<Message> messages) {
        return messages.stream().map(Message::draft).toList();
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
