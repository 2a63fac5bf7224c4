package sh.smarter.prompt.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.session.AppendedTurn;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.NewSession;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionHistory;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionMaintenance;
import sh.smarter.prompt.core.session.SessionPage;
import sh.smarter.prompt.core.session.SessionQuery;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.TokenUsageTotals;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.core.session.TurnStore;

/**
 * What the session ports' contracts share: a new, empty storage per test with all four ports of it
 * ({@link SessionStore}), accounts and chatbots to put sessions in, and the helpers that build turns. The contracts
 * themselves are {@link TurnStoreContract}, {@link SessionHistoryContract}, {@link SessionMaintenanceContract} and
 * {@link TokenUsageTotalsContract}; an adapter's test extends {@link SessionPortContracts}, which runs all four.
 *
 * <p>The store must take the times it stamps (a session's {@code updatedAt} after a turn, message timestamps) from
 * {@link #clock()}, and keep every instant to the microsecond. Nothing here assumes which ids the store hands out.
 * Turn records name plugins by made-up ids: history outlives plugins, so the store must not require them to exist.
 */
public abstract class SessionContractFixture {
    /** Sub-millisecond digits on purpose: a store that keeps only milliseconds fails the round trips. */
    protected static final Instant START = Instant.parse("2031-03-04T05:06:07.123456Z");
    /** Generous, because database adapters run the concurrency tests too. */
    protected static final Duration CONCURRENCY_TIMEOUT = Duration.ofSeconds(120);

    protected final ContractClock clock = new ContractClock(START);
    protected final SecureRandom random = new SecureRandom();
    private final AtomicLong syntheticIds = new AtomicLong(7_000);
    private final Map<Long, Long> accountOfChatbot = new ConcurrentHashMap<>();

    /** All four ports of one storage: a contract writes through one port and reads through another. */
    protected SessionStore store;
    protected TurnStore turnStore;
    protected SessionHistory sessionHistory;
    protected SessionMaintenance sessionMaintenance;
    protected TokenUsageTotals tokenTotals;
    protected long account;
    protected long chatbotA;
    protected long chatbotB;

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
        turnStore = store;
        sessionHistory = store;
        sessionMaintenance = store;
        tokenTotals = store;
        account = newAccountId();
        chatbotA = chatbotIn(account);
        chatbotB = chatbotIn(account);
    }

    // -------------------------------------------------------------------------------------------------- fixtures

    protected long chatbotIn(long accountId) {
        long chatbotId = newChatbotId(accountId);
        accountOfChatbot.put(chatbotId, accountId);
        return chatbotId;
    }

    protected Session newSession(long chatbotId) {
        return newSessionAt(chatbotId, clock.instant());
    }

    protected Session newSessionAt(long chatbotId, Instant createdAt) {
        return turnStore.create(new NewSession(SessionKey.random(random), chatbotId, ClientInfo.UNKNOWN, createdAt));
    }

    /** Sessions created in shuffled order, two at each instant, so neither insertion order nor time alone sorts. */
    protected List<Session> sessionsWithTiedTimes(long chatbotId, int count) {
        Instant base = clock.instant();
        List<Integer> order = new ArrayList<>(IntStream.range(0, count).boxed().toList());
        Collections.shuffle(order, new Random(42));
        return order.stream().map(i -> newSessionAt(chatbotId, base.plusSeconds(i / 2))).toList();
    }

    protected List<Session> pageThroughSessions(long chatbotId, int limit, boolean ascending, int expectedPages) {
        List<Session> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SessionPage page = sessionHistory.list(new SessionQuery(chatbotId, cursor, limit, ascending));
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

    protected List<Message> pageThroughMessages(long sessionId, int limit) {
        List<Message> all = new ArrayList<>();
        List<Message> page;
        do {
            page = sessionHistory.messagesAfter(sessionId, all.isEmpty() ? 0 : all.get(all.size() - 1).seq(), limit);
            assertThat(page.size()).isLessThanOrEqualTo(limit);
            all.addAll(page);
        } while (!page.isEmpty());
        return all;
    }

    protected record PruneScenario(Instant cutoff, List<Session> inactive, List<Session> active) {
    }

    /**
     * 25 sessions last updated before the cutoff (some with messages), and sessions that are not: one updated exactly
     * at the cutoff, newer ones, and an old one that a recent turn brought back to life.
     */
    protected PruneScenario pruneScenario() {
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

    protected void appendTurnWithRecords(Session session) {
        TurnDraft draft = turnOn(session).seed(NewMessage.system("sys"))
                .messages(NewMessage.user("q"), NewMessage.assistant("a"));
        draft.records(List.of(exchange(draft.id(), 1, new TokenUsage(3, 2, 5))),
                List.of(new ToolExecution(draft.id(), "call_1", "calculator", "{}", "4", null, null, 1,
                        clock.instant())),
                List.of(new PluginSelection(draft.id(), 5L, "faq", "q", null, clock.instant())));
        draft.append();
    }

    protected void appendTurnCharging(Session session, TokenUsage usage) {
        TurnDraft draft = turnOn(session).messages(NewMessage.user("q"), NewMessage.assistant("a"));
        draft.records(List.of(exchange(draft.id(), 1, usage)), List.of(), List.of()).append();
    }

    protected ProviderExchange exchange(String turnId, int round, TokenUsage usage) {
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

    protected ProviderExchange failedExchange(String turnId, int round) {
        JsonObject request = JsonObject.builder().put("model", "gpt-4o-mini").put("round", round).build();
        return new ProviderExchange(turnId, round, "openai", "gpt-4o-mini", request, null, TokenUsage.NONE, 30_000,
                "provider answered 429: rate limited", clock.instant());
    }

    protected static NewMessage numberedMessage(int n) {
        Role role = n % 50 == 0 ? Role.SMARTER : n % 2 == 1 ? Role.USER : Role.ASSISTANT;
        return new NewMessage(role, "m-" + n, null, null, null);
    }

    protected static String hugeText(int length) {
        StringBuilder text = new StringBuilder(length + 32);
        for (int line = 0; text.length() < length; line++) {
            text.append(line).append(": the quick brown fox 😀 jumps over the lazy dog — naïve café\n");
        }
        return text.toString();
    }

    protected TurnDraft turnOn(Session session) {
        return new TurnDraft(session);
    }

    /** A turn being put together for one session; ids and timestamps come from the contract's clock. */
    protected final class TurnDraft {
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
            return turnStore.appendTurn(session.id(), build());
        }

        /** Appends for the session as it was read earlier in the turn, which may be stale by now. */
        AppendedTurn appendAfterReading(Session readBefore) {
            return turnStore.appendTurn(readBefore, build());
        }
    }

    // ------------------------------------------------------------------------------------------------- utilities

    /** Runs one task per thread, all released together, and fails if they do not finish in time. */
    protected static <T> List<T> runConcurrently(int threads, IntFunction<Callable<T>> task) throws Exception {
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
    protected static void assertSameText(String actual, String expected) {
        assertThat(actual).isNotNull();
        int common = Math.min(actual.length(), expected.length());
        int firstDifference = IntStream.range(0, common).filter(i -> actual.charAt(i) != expected.charAt(i))
                .findFirst().orElse(common);
        assertThat(firstDifference).as("index of the first differing char (lengths %d and %d)", actual.length(),
                expected.length()).isEqualTo(expected.length());
        assertThat(actual.length()).isEqualTo(expected.length());
    }

    protected static List<String> lastOfRoles(List<NewMessage> all, Set<Role> roles, int limit) {
        List<String> matching = IntStream.range(0, all.size()).filter(i -> roles.contains(all.get(i).role()))
                .mapToObj(i -> (i + 1) + ":" + all.get(i).role() + ":" + all.get(i).content()).toList();
        return matching.subList(Math.max(0, matching.size() - limit), matching.size());
    }

    protected static String describe(Message message) {
        return message.seq() + ":" + message.role() + ":" + message.content();
    }

    protected static List<String> describe(List<Message> messages) {
        return messages.stream().map(SessionContractFixture::describe).toList();
    }

    protected static List<Long> seqs(List<Message> messages) {
        return messages.stream().map(Message::seq).toList();
    }

    protected static List<Long> seqRange(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    protected static List<String> contents(List<Message> messages) {
        return messages.stream().map(Message::content).toList();
    }

    protected static List<NewMessage> drafts(List<Message> messages) {
        return messages.stream().map(Message::draft).toList();
    }

    protected static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
