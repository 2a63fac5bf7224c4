package sh.smarter.prompt.core.inmemory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.session.AppendedTurn;
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
import sh.smarter.prompt.core.session.SessionCursor;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionPage;
import sh.smarter.prompt.core.session.SessionQuery;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.core.session.StoredTurn;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.core.session.TurnContext;

/**
 * All four session ports in memory ({@link SessionStore}: the turn's store, history, maintenance, token totals),
 * for tests and for programs that embed the engine without a database: one class, because the four share one set
 * of maps. Nothing survives the process. One read-write lock guards everything; there is no I/O under it.
 */
public final class InMemorySessionStore implements SessionStore {
    private final Clock clock;
    private final Guard guard = new Guard();
    private final Map<Long, Entry> byId = new HashMap<>();
    private final Map<String, Long> idByKey = new HashMap<>();
    private final Map<Long, TokenUsage> usageByAccount = new HashMap<>();
    private final Map<DayScope, Long> dailyTokens = new HashMap<>();
    private final Map<Long, TokenUsage> usageByChatbot = new HashMap<>();
    private final InMemoryIdempotencyKeys idempotencyKeys = new InMemoryIdempotencyKeys();
    private long nextId = 1;

    private static final class Entry {
        Session session;
        final List<Message> messages = new ArrayList<>();
        final List<ProviderExchange> exchanges = new ArrayList<>();
        final List<ToolExecution> executions = new ArrayList<>();
        final List<PluginSelection> selections = new ArrayList<>();

        Entry(Session session) {
            this.session = session;
        }
    }

    public InMemorySessionStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public InMemorySessionStore() {
        this(Clock.systemUTC());
    }

    @Override
    public Session create(NewSession s) {
        return guard.write(() -> {
            if (idByKey.containsKey(s.key().value())) {
                throw PromptException.conflict("a session with this key exists already");
            }
            Session session = new Session(nextId++, s.key(), s.chatbotId(), s.client(), null, s.createdAt(),
                    s.createdAt(), 0);
            byId.put(session.id(), new Entry(session));
            idByKey.put(s.key().value(), session.id());
            return session;
        });
    }

    @Override
    public Optional<Session> find(long chatbotId, SessionKey key) {
        return guard.read(() -> Optional.ofNullable(idByKey.get(key.value()))
                .map(id -> byId.get(id).session)
                .filter(s -> s.chatbotId() == chatbotId));
    }

    @Override
    public Optional<Session> findById(long sessionId) {
        return guard.read(() -> Optional.ofNullable(byId.get(sessionId)).map(e -> e.session));
    }

    @Override
    public Optional<Session> findLatestByClientId(long chatbotId, String clientId) {
        return guard.read(() -> byId.values().stream()
                .map(e -> e.session)
                .filter(s -> s.chatbotId() == chatbotId && clientId.equals(s.client().clientId()))
                .max(Comparator.comparing(Session::updatedAt).thenComparing(Session::id)));
    }

    /** One read lock over the three reads (it is reentrant), so they see one moment. */
    @Override
    public Optional<TurnContext> loadTurnContext(long chatbotId, SessionKey key, Set<Role> roles, int limit) {
        return guard.read(() -> find(chatbotId, key).map(session -> session.isEmpty()
                ? new TurnContext(session, Optional.empty(), List.of())
                : new TurnContext(session, firstSystemMessage(session.id()),
                        recentMessages(session.id(), roles, limit))));
    }

    @Override
    public AppendedTurn appendTurn(long sessionId, Turn turn) {
        return guard.write(() -> {
            Entry entry = entry(sessionId);
            idempotencyKeys.checkHeld(turn);
            Session before = entry.session;
            Instant now = clock.instant();
            List<NewMessage> rows = new ArrayList<>();
            if (before.isEmpty()) {
                rows.addAll(turn.seedIfEmpty());
            }
            rows.addAll(turn.messages());
            List<Message> stored = new ArrayList<>(rows.size());
            long seq = before.lastSeq();
            for (NewMessage row : rows) {
                stored.add(Message.stored(++seq, row, turn.id(), now));
            }
            entry.messages.addAll(stored);
            entry.exchanges.addAll(turn.exchanges());
            entry.executions.addAll(turn.toolExecutions());
            entry.selections.addAll(turn.pluginSelections());
            usageByChatbot.merge(turn.chatbotId(), turn.usage(), TokenUsage::plus);
            usageByAccount.merge(turn.accountId(), turn.usage(), TokenUsage::plus);
            LocalDate day = DailyTokenUse.dayOf(turn.startedAt());
            dailyTokens.merge(new DayScope(day, true, turn.chatbotId()), turn.usage().totalTokens(), Long::sum);
            dailyTokens.merge(new DayScope(day, false, turn.accountId()), turn.usage().totalTokens(), Long::sum);
            String title = before.title() == null ? turn.titleIfUntitled() : before.title();
            entry.session = new Session(before.id(), before.key(), before.chatbotId(), before.client(), title,
                    before.createdAt(), now, seq);
            idempotencyKeys.complete(turn, sessionId, before.lastSeq() + 1);
            return new AppendedTurn(entry.session, stored);
        });
    }

    @Override
    public Optional<Message> firstSystemMessage(long sessionId) {
        return guard.read(() -> entryIfPresent(sessionId).flatMap(e -> e.messages.stream()
                .filter(m -> m.role() == Role.SYSTEM).findFirst()));
    }

    @Override
    public List<Message> recentMessages(long sessionId, Set<Role> roles, int limit) {
        return guard.read(() -> {
            List<Message> all = entryIfPresent(sessionId).map(e -> e.messages).orElse(List.of());
            List<Message> picked = new ArrayList<>();
            for (int i = all.size() - 1; i >= 0 && picked.size() < limit; i--) {
                if (roles.contains(all.get(i).role())) {
                    picked.add(all.get(i));
                }
            }
            java.util.Collections.reverse(picked);
            return List.copyOf(picked);
        });
    }

    @Override
    public List<Message> messagesAfter(long sessionId, long afterSeq, int limit) {
        return guard.read(() -> entryIfPresent(sessionId).map(e -> e.messages.stream()
                .filter(m -> m.seq() > afterSeq).limit(limit).toList()).orElse(List.of()));
    }

    @Override
    public long countMessages(long sessionId) {
        return guard.read(() -> entryIfPresent(sessionId).map(e -> (long) e.messages.size()).orElse(0L));
    }

    @Override
    public List<ToolExecution> recentToolExecutions(long sessionId, int limit) {
        return newestRecords(sessionId, e -> e.executions, limit);
    }

    @Override
    public List<ProviderExchange> recentProviderExchanges(long sessionId, int limit) {
        return newestRecords(sessionId, e -> e.exchanges, limit);
    }

    @Override
    public List<PluginSelection> recentPluginSelections(long sessionId, int limit) {
        return newestRecords(sessionId, e -> e.selections, limit);
    }

    /** The newest {@code limit} of one kind of a session's turn records, newest first. */
    private <T> List<T> newestRecords(long sessionId, Function<Entry, List<T>> records, int limit) {
        return guard.read(() -> newestFirst(entryIfPresent(sessionId).map(records).orElse(List.of()), limit));
    }

    private static <T> List<T> newestFirst(List<T> oldestFirst, int limit) {
        List<T> out = new ArrayList<>();
        for (int i = oldestFirst.size() - 1; i >= 0 && out.size() < limit; i--) {
            out.add(oldestFirst.get(i));
        }
        return List.copyOf(out);
    }

    @Override
    public SessionPage list(SessionQuery query) {
        SessionCursor cursor = query.cursor() == null ? null : SessionCursor.decode(query.cursor());
        Comparator<Session> order = Comparator.comparing(Session::updatedAt).thenComparingLong(Session::id);
        if (!query.ascending()) {
            order = order.reversed();
        }
        Comparator<Session> finalOrder = order;
        return guard.read(() -> {
            List<Session> matching = byId.values().stream()
                    .map(e -> e.session)
                    .filter(s -> s.chatbotId() == query.chatbotId())
                    .filter(s -> cursor == null || isAfter(s, cursor, query.ascending()))
                    .sorted(finalOrder)
                    .limit(query.limit() + 1L)
                    .toList();
            boolean more = matching.size() > query.limit();
            List<Session> page = more ? matching.subList(0, query.limit()) : matching;
            return new SessionPage(page, more
                    ? Optional.of(SessionCursor.after(page.get(page.size() - 1)).encode())
                    : Optional.empty());
        });
    }

    private static boolean isAfter(Session s, SessionCursor cursor, boolean ascending) {
        int byTime = s.updatedAt().compareTo(cursor.updatedAt());
        int cmp = byTime != 0 ? byTime : Long.compare(s.id(), cursor.sessionId());
        return ascending ? cmp > 0 : cmp < 0;
    }

    @Override
    public boolean delete(long sessionId) {
        return guard.write(() -> {
            Entry removed = byId.remove(sessionId);
            if (removed == null) {
                return false;
            }
            idByKey.remove(removed.session.key().value());
            idempotencyKeys.forgetSession(sessionId);
            return true;
        });
    }

    @Override
    public long countInactiveSince(Instant cutoff) {
        return guard.read(() -> byId.values().stream().filter(e -> e.session.updatedAt().isBefore(cutoff)).count());
    }

    @Override
    public long pruneInactiveSince(Instant cutoff, int maxRowsPerTransaction, PruneProgress progress) {
        guard.write(() -> {
            idempotencyKeys.forgetExpired(clock.instant());
            return null;
        });
        long deleted = 0;
        while (true) {
            // No transactions here; batches follow the same row budget as the database stores' (at least one).
            List<Long> batch = guard.read(() -> {
                List<Long> ids = new ArrayList<>();
                long rows = 0;
                for (var e : byId.values().stream().filter(e -> e.session.updatedAt().isBefore(cutoff)).toList()) {
                    rows += 2 * e.session.lastSeq() + 1;
                    if (!ids.isEmpty() && rows > maxRowsPerTransaction) {
                        break;
                    }
                    ids.add(e.session.id());
                }
                return ids;
            });
            if (batch.isEmpty()) {
                return deleted;
            }
            for (Long id : batch) {
                if (delete(id)) {
                    deleted++;
                }
            }
            progress.batchDone(deleted);
        }
    }

    @Override
    public Map<Long, Long> countSessionsByChatbot() {
        return guard.read(() -> {
            Map<Long, Long> counts = new LinkedHashMap<>();
            byId.values().forEach(e -> counts.merge(e.session.chatbotId(), 1L, Long::sum));
            return Map.copyOf(counts);
        });
    }

    @Override
    public TokenUsage tokenUsageOfChatbot(long chatbotId) {
        return guard.read(() -> usageByChatbot.getOrDefault(chatbotId, TokenUsage.NONE));
    }

    @Override
    public TokenUsage tokenUsageOfAccount(long accountId) {
        return guard.read(() -> usageByAccount.getOrDefault(accountId, TokenUsage.NONE));
    }

    @Override
    public DailyTokenUse tokensUsedOn(LocalDate day, long chatbotId, long accountId) {
        return guard.read(() -> new DailyTokenUse(day,
                dailyTokens.getOrDefault(new DayScope(day, true, chatbotId), 0L),
                dailyTokens.getOrDefault(new DayScope(day, false, accountId), 0L)));
    }

    /** A chatbot's or an account's tokens of one day. */
    private record DayScope(LocalDate day, boolean chatbot, long id) {
    }

    @Override
    public boolean isReachable() {
        return true;
    }

    @Override
    public IdempotencyClaim claimIdempotencyKey(long chatbotId, IdempotencyKey key, String requestHash, String turnId,
                                                Instant now, Instant leaseUntil) {
        return guard.write(() -> idempotencyKeys.claim(chatbotId, key, requestHash, turnId, now, leaseUntil));
    }

    @Override
    public boolean renewIdempotencyKey(long chatbotId, IdempotencyKey key, String turnId, Instant leaseUntil) {
        return guard.write(() -> idempotencyKeys.renew(chatbotId, key, turnId, leaseUntil));
    }

    @Override
    public void releaseIdempotencyKey(long chatbotId, IdempotencyKey key, String turnId) {
        guard.write(() -> {
            idempotencyKeys.release(chatbotId, key, turnId);
            return null;
        });
    }

    @Override
    public Optional<StoredTurn> findTurn(long sessionId, long turnSeq, String turnId) {
        return guard.read(() -> entryIfPresent(sessionId).flatMap(e -> {
            List<Message> messages = e.messages.stream().filter(m -> m.seq() >= turnSeq)
                    .takeWhile(m -> turnId.equals(m.turnId())).toList();
            if (messages.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new StoredTurn(e.session, turnId, messages,
                    e.exchanges.stream().filter(x -> turnId.equals(x.turnId())).toList(),
                    e.executions.stream().filter(x -> turnId.equals(x.turnId())).toList()));
        }));
    }

    private Entry entry(long sessionId) {
        Entry entry = byId.get(sessionId);
        if (entry == null) {
            throw PromptException.notFound("session not found");
        }
        return entry;
    }

    private Optional<Entry> entryIfPresent(long sessionId) {
        return Optional.ofNullable(byId.get(sessionId));
    }
}
