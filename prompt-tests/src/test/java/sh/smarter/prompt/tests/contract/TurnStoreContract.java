package sh.smarter.prompt.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sh.smarter.prompt.tests.contract.ContractAssertions.assertFailsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.session.AppendedTurn;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.IdempotencyClaim;
import sh.smarter.prompt.core.session.IdempotencyKey;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.NewSession;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.StoredTurn;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.core.session.TurnContext;
import sh.smarter.prompt.core.session.TurnIdempotency;
import sh.smarter.prompt.core.session.TurnStore;

/**
 * What every {@link TurnStore} promises a prompt turn: sessions opened by key or client, the turn's context read
 * in one go, appends that are atomic, dense and never lost or interleaved under concurrency, idempotency keys.
 *
 * <p>An adapter's test extends this class (see {@link SessionContractFixture}); every test then runs against it.
 */
public abstract class TurnStoreContract extends SessionContractFixture {
    @Test
    void create_stores_an_empty_untitled_session_with_the_client_it_came_from() {
        SessionKey key = SessionKey.random(random);
        ClientInfo client = new ClientInfo("203.0.113.7", "Mozilla/5.0 (X11; Linux) 😀",
                "https://example.com/chat?page=1", "cli:key-1:alice");
        Instant at = clock.instant();

        Session created = turnStore.create(new NewSession(key, chatbotA, client, at));

        assertThat(created.id()).isNotZero();
        assertThat(created.key()).isEqualTo(key);
        assertThat(created.chatbotId()).isEqualTo(chatbotA);
        assertThat(created.client()).isEqualTo(client);
        assertThat(created.title()).isNull();
        assertThat(created.createdAt()).isEqualTo(at);
        assertThat(created.updatedAt()).isEqualTo(at);
        assertThat(created.lastSeq()).isZero();
        assertThat(sessionHistory.find(chatbotA, key)).contains(created);
        assertThat(sessionHistory.findById(created.id())).contains(created);
        assertThat(newSession(chatbotA).id()).isNotEqualTo(created.id());
    }

    @Test
    void a_key_that_exists_already_is_rejected_as_a_conflict_in_any_chatbot() {
        Session original = newSession(chatbotA);

        assertFailsWith(ErrorKind.CONFLICT,
                () -> turnStore.create(new NewSession(original.key(), chatbotA, ClientInfo.UNKNOWN, clock.instant())));
        assertFailsWith(ErrorKind.CONFLICT,
                () -> turnStore.create(new NewSession(original.key(), chatbotB, ClientInfo.UNKNOWN, clock.instant())));
        assertThat(sessionHistory.find(chatbotA, original.key())).contains(original);
        assertThat(sessionMaintenance.countSessionsByChatbot()).isEqualTo(Map.of(chatbotA, 1L));
    }

    @Test
    void the_latest_session_of_a_client_is_the_most_recently_updated_one_of_that_chatbot() {
        ClientInfo alice = new ClientInfo(null, "smarter-cli/1.0", null, "cli:key-1:alice");
        Session older = turnStore.create(new NewSession(SessionKey.random(random), chatbotA, alice, clock.instant()));
        Session newer = turnStore.create(new NewSession(SessionKey.random(random), chatbotA, alice, clock.instant()));
        turnStore.create(new NewSession(SessionKey.random(random), chatbotB, alice, clock.instant()));
        turnStore.create(new NewSession(SessionKey.random(random), chatbotA, alice.withClientId("cli:key-1:bob"),
                clock.instant()));

        assertThat(turnStore.findLatestByClientId(chatbotA, "cli:key-1:alice")).map(Session::id).contains(newer.id());

        clock.advance(Duration.ofMinutes(1));
        turnOn(older).messages(NewMessage.user("still there?")).append();

        assertThat(turnStore.findLatestByClientId(chatbotA, "cli:key-1:alice")).map(Session::id).contains(older.id());
        assertThat(turnStore.findLatestByClientId(chatbotA, "cli:key-1:carol")).isEmpty();
    }

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
        assertThat(sessionHistory.messagesAfter(session.id(), 0, 100)).isEqualTo(appended.messages());
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
        assertThat(contents(sessionHistory.messagesAfter(session.id(), 0, 100)))
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
        List<Message> stored = sessionHistory.messagesAfter(session.id(), 0, 100);

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
        List<Message> stored = sessionHistory.messagesAfter(session.id(), 0, 10);

        assertThat(stored.get(0).content()).isEqualTo(emoji);
        assertSameText(stored.get(1).content(), huge);
        assertSameText(sessionHistory.recentMessages(session.id(), Role.MODEL_ROLES, 1).get(0).content(), huge);
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
        assertThat(sessionHistory.findById(session.id())).map(Session::title).contains("Weather in Zürich 😀");
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
        assertThat(sessionHistory.findById(session.id())).contains(second);
        assertThat(sessionHistory.countMessages(session.id())).isEqualTo(5);
    }

    @Test
    void appending_to_a_missing_session_is_not_found() {
        Session session = newSession(chatbotA);
        sessionMaintenance.delete(session.id());

        assertFailsWith(ErrorKind.NOT_FOUND, () -> turnStore.appendTurn(session.id(), turnOn(session).build()));
    }

    @Test
    void the_store_is_reachable() {
        assertThat(turnStore.isReachable()).isTrue();
    }

    @Test
    void the_turn_context_is_the_session_its_first_system_message_and_its_newest_messages_of_the_wanted_roles() {
        Session session = newSession(chatbotA);
        List<NewMessage> all = IntStream.rangeClosed(1, 400).mapToObj(SessionContractFixture::numberedMessage).toList();
        turnOn(session).seed(NewMessage.system("sys")).messages(all.subList(0, 200)).append();
        turnOn(session).messages(all.subList(200, 400)).append();

        TurnContext context = turnStore.loadTurnContext(chatbotA, session.key(), Role.MODEL_ROLES, 51).orElseThrow();

        assertThat(context.session()).isEqualTo(sessionHistory.findById(session.id()).orElseThrow());
        assertThat(context.session().lastSeq()).isEqualTo(401);
        assertThat(context.firstSystemMessage()).map(SessionContractFixture::describe).contains("1:SYSTEM:sys");
        assertThat(context.firstSystemMessage()).isEqualTo(sessionHistory.firstSystemMessage(session.id()));
        assertThat(context.recentMessages()).hasSize(51)
                .isEqualTo(sessionHistory.recentMessages(session.id(), Role.MODEL_ROLES, 51));
        assertThat(turnStore.loadTurnContext(chatbotA, session.key(), Set.of(Role.SMARTER), 3).orElseThrow()
                .recentMessages()).isEqualTo(sessionHistory.recentMessages(session.id(), Set.of(Role.SMARTER), 3));
    }

    @Test
    void every_read_gives_each_message_the_id_of_the_turn_that_stored_it() {
        Session session = newSession(chatbotA);
        Map<Long, String> turnBySeq = new java.util.HashMap<>();
        List<TurnDraft> drafts = new ArrayList<>();
        for (int turn = 1; turn <= 12; turn++) {
            // Turns of one to five messages, so that turn boundaries fall anywhere in a window.
            List<NewMessage> messages = IntStream.rangeClosed(1, 1 + turn % 5)
                    .mapToObj(i -> NewMessage.assistant("answer " + i)).toList();
            TurnDraft draft = turnOn(session).messages(messages);
            if (turn == 1) {
                draft.seed(NewMessage.system("sys"));
            }
            draft.append().messages().forEach(m -> turnBySeq.put(m.seq(), draft.id()));
            drafts.add(draft);
        }
        long last = turnBySeq.size();

        List<Message> reads = new ArrayList<>(sessionHistory.messagesAfter(session.id(), 0, 1_000));
        reads.addAll(sessionHistory.recentMessages(session.id(), Set.of(Role.ASSISTANT), 7));
        reads.addAll(sessionHistory.firstSystemMessage(session.id()).stream().toList());
        TurnContext context = turnStore.loadTurnContext(chatbotA, session.key(), Role.MODEL_ROLES, 9).orElseThrow();
        reads.addAll(context.recentMessages());
        context.firstSystemMessage().ifPresent(reads::add);
        TurnDraft sixth = drafts.get(5);
        long sixthFirstSeq = turnBySeq.entrySet().stream().filter(e -> e.getValue().equals(sixth.id()))
                .mapToLong(Map.Entry::getKey).min().orElseThrow();
        reads.addAll(turnStore.findTurn(session.id(), sixthFirstSeq, sixth.id()).orElseThrow().messages());

        assertThat(reads).hasSizeGreaterThan((int) last).allSatisfy(m ->
                assertThat(m.turnId()).as("turn id of seq %d", m.seq()).isEqualTo(turnBySeq.get(m.seq())));
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

        TurnContext context = turnStore.loadTurnContext(chatbotA, session.key(), Role.MODEL_ROLES, 5).orElseThrow();

        assertThat(context.firstSystemMessage()).map(SessionContractFixture::describe).contains("201:SYSTEM:late");
        assertThat(describe(context.recentMessages())).containsExactly("201:SYSTEM:late", "202:USER:u");
    }

    @Test
    void the_turn_context_of_an_empty_session_has_no_messages_and_a_key_opens_it_only_within_its_chatbot() {
        Session session = newSession(chatbotA);

        assertThat(turnStore.loadTurnContext(chatbotA, session.key(), Role.MODEL_ROLES, 51)).hasValueSatisfying(c -> {
            assertThat(c.session()).isEqualTo(session);
            assertThat(c.firstSystemMessage()).isEmpty();
            assertThat(c.recentMessages()).isEmpty();
        });
        assertThat(turnStore.loadTurnContext(chatbotB, session.key(), Role.MODEL_ROLES, 51)).isEmpty();
        assertThat(turnStore.loadTurnContext(chatbotA, SessionKey.random(random), Role.MODEL_ROLES, 51)).isEmpty();
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
        assertThat(describe(sessionHistory.messagesAfter(session.id(), 0, 100))).containsExactly("1:SYSTEM:sys",
                "2:USER:q1", "3:USER:q2", "4:ASSISTANT:a2", "5:USER:q3", "6:ASSISTANT:a3", "7:USER:q4");
        assertThat(sessionHistory.findById(session.id())).contains(fresh.session());
    }

    @Test
    void concurrent_turns_that_all_read_the_same_session_first_are_all_appended_in_one_piece() throws Exception {
        Session session = newSession(chatbotA);
        int threads = 8;

        runConcurrently(threads, thread -> () -> turnOn(session).seed(NewMessage.system("seed-" + thread))
                .messages(NewMessage.user("q-" + thread), NewMessage.assistant("a-" + thread))
                .appendAfterReading(session));

        List<Message> history = sessionHistory.messagesAfter(session.id(), 0, 100);
        assertThat(seqs(history)).containsExactlyElementsOf(seqRange(1, 2 * threads + 1));
        assertThat(history).filteredOn(m -> m.role() == Role.SYSTEM).hasSize(1);
        for (int i = 1; i < history.size(); i += 2) {
            assertThat(history.get(i + 1).content()).isEqualTo("a-" + history.get(i).content().substring(2));
        }
    }

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
        assertThat(sessionHistory.findById(session.id())).map(Session::lastSeq).contains((long) total);
        assertThat(sessionHistory.countMessages(session.id())).isEqualTo(total);
    }

    @Test
    void racing_first_turns_seed_a_new_session_only_once() throws Exception {
        Session session = newSession(chatbotA);
        int threads = 8;

        runConcurrently(threads, thread -> () -> turnOn(session).seed(NewMessage.system("seed-" + thread))
                .messages(NewMessage.user("first-" + thread)).append());

        List<Message> history = sessionHistory.messagesAfter(session.id(), 0, 100);
        assertThat(history).hasSize(threads + 1);
        assertThat(history.get(0).role()).isEqualTo(Role.SYSTEM);
        assertThat(history).filteredOn(m -> m.role() == Role.SYSTEM).hasSize(1);
        assertThat(seqs(history)).containsExactlyElementsOf(seqRange(1, threads + 1));
    }

    @Test
    void a_free_idempotency_key_is_claimed_then_running_then_done_with_the_turn_that_stored_it() {
        Session session = newSession(chatbotA);
        IdempotencyKey key = new IdempotencyKey("key-" + UUID.randomUUID());
        TurnDraft draft = turnOn(session).seed(NewMessage.system("You are Smarter."))
                .messages(NewMessage.user("Hi"), NewMessage.assistant("Hello"));
        draft.records(List.of(exchange(draft.id(), 1, new TokenUsage(3, 4, 7))), List.of(), List.of());
        Instant now = clock.instant();

        assertThat(turnStore.claimIdempotencyKey(chatbotA, key, "hash-1", draft.id(), now, now.plusSeconds(30)))
                .isInstanceOf(IdempotencyClaim.Claimed.class);
        assertThat(turnStore.claimIdempotencyKey(chatbotA, key, "hash-1", "other-attempt", now, now.plusSeconds(30)))
                .as("while the holder runs").isInstanceOf(IdempotencyClaim.Running.class);
        AppendedTurn appended = turnStore.appendTurn(session.id(),
                draft.build().withIdempotency(new TurnIdempotency(key, "{\"model\": \"m\"}")));

        IdempotencyClaim done = turnStore.claimIdempotencyKey(chatbotA, key, "hash-1", "a-retry", clock.instant(),
                clock.instant().plusSeconds(30));
        assertThat(done).isEqualTo(new IdempotencyClaim.Done(session.id(), 1, draft.id(), "{\"model\": \"m\"}"));
        StoredTurn stored = turnStore.findTurn(session.id(), 1, draft.id()).orElseThrow();
        assertThat(stored.messages()).isEqualTo(appended.messages());
        assertThat(stored.session()).isEqualTo(appended.session());
        assertThat(stored.exchanges()).singleElement()
                .satisfies(x -> assertThat(x.usage()).isEqualTo(new TokenUsage(3, 4, 7)));
        assertThat(turnStore.findTurn(session.id(), 1, "another-turn")).as("a turn id that is not there").isEmpty();
    }

    @Test
    void an_idempotency_key_with_another_request_is_a_mismatch_in_its_chatbot_only() {
        IdempotencyKey key = new IdempotencyKey("shared-key");
        Instant now = clock.instant();
        turnStore.claimIdempotencyKey(chatbotA, key, "hash-1", "turn-1", now, now.plusSeconds(30));

        assertThat(turnStore.claimIdempotencyKey(chatbotA, key, "hash-2", "turn-2", now, now.plusSeconds(30)))
                .isInstanceOf(IdempotencyClaim.Mismatch.class);
        assertThat(turnStore.claimIdempotencyKey(chatbotB, key, "hash-2", "turn-3", now, now.plusSeconds(30)))
                .isInstanceOf(IdempotencyClaim.Claimed.class);
    }

    @Test
    void a_key_whose_lease_ran_out_is_taken_over_and_the_old_attempt_then_stores_nothing() {
        Session session = newSession(chatbotA);
        IdempotencyKey key = new IdempotencyKey("lease-key");
        TurnDraft dead = turnOn(session).messages(NewMessage.user("first"));
        TurnDraft taker = turnOn(session).messages(NewMessage.user("second"));
        Instant now = clock.instant();
        turnStore.claimIdempotencyKey(chatbotA, key, "hash", dead.id(), now, now.plusSeconds(30));

        Instant later = now.plusSeconds(31);
        assertThat(turnStore.claimIdempotencyKey(chatbotA, key, "hash", taker.id(), later, later.plusSeconds(30)))
                .isInstanceOf(IdempotencyClaim.Claimed.class);
        assertThat(turnStore.renewIdempotencyKey(chatbotA, key, dead.id(), later.plusSeconds(60))).isFalse();
        assertThatThrownBy(() -> turnStore.appendTurn(session.id(),
                dead.build().withIdempotency(new TurnIdempotency(key, "{}"))))
                .isInstanceOfSatisfying(PromptException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                    assertThat(e.errorClass()).isEqualTo(IdempotencyClaim.LOST);
                });
        assertThat(sessionHistory.countMessages(session.id())).as("nothing of the old attempt").isZero();

        turnStore.appendTurn(session.id(), taker.build().withIdempotency(new TurnIdempotency(key, "{}")));
        assertThat(turnStore.claimIdempotencyKey(chatbotA, key, "hash", "retry", later, later.plusSeconds(30)))
                .isEqualTo(new IdempotencyClaim.Done(session.id(), 1, taker.id(), "{}"));
    }

    @Test
    void renewing_keeps_a_key_running_and_releasing_frees_it_but_never_a_done_one() {
        Session session = newSession(chatbotA);
        IdempotencyKey running = new IdempotencyKey("running-key");
        IdempotencyKey done = new IdempotencyKey("done-key");
        TurnDraft turn = turnOn(session);
        Instant now = clock.instant();
        turnStore.claimIdempotencyKey(chatbotA, running, "hash", "turn-r", now, now.plusSeconds(30));
        turnStore.claimIdempotencyKey(chatbotA, done, "hash", turn.id(), now, now.plusSeconds(30));
        turnStore.appendTurn(session.id(), turn.build().withIdempotency(new TurnIdempotency(done, "{}")));

        assertThat(turnStore.renewIdempotencyKey(chatbotA, running, "turn-r", now.plusSeconds(90))).isTrue();
        Instant afterFirstLease = now.plusSeconds(60);
        assertThat(turnStore.claimIdempotencyKey(chatbotA, running, "hash", "turn-x", afterFirstLease,
                afterFirstLease.plusSeconds(30))).as("renewed").isInstanceOf(IdempotencyClaim.Running.class);
        assertThat(turnStore.renewIdempotencyKey(chatbotA, done, turn.id(), now.plusSeconds(90))).isFalse();

        turnStore.releaseIdempotencyKey(chatbotA, running, "turn-r");
        turnStore.releaseIdempotencyKey(chatbotA, done, turn.id());
        assertThat(turnStore.claimIdempotencyKey(chatbotA, running, "another-hash", "turn-y", now, now.plusSeconds(30)))
                .as("released").isInstanceOf(IdempotencyClaim.Claimed.class);
        assertThat(turnStore.claimIdempotencyKey(chatbotA, done, "hash", "turn-z", now, now.plusSeconds(30)))
                .as("done stays done").isInstanceOf(IdempotencyClaim.Done.class);
    }
}
