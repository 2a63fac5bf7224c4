package sh.smarter.prompt.persistence.session;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import sh.smarter.prompt.persistence.support.CommitOutcomeUnknownException;
import sh.smarter.prompt.persistence.support.DatabaseFailures;
import sh.smarter.prompt.persistence.support.DatabaseHealth;
import sh.smarter.prompt.persistence.support.Transactions;
import sh.smarter.prompt.persistence.support.WriteRetries;

/**
 * The session store on Jakarta Persistence. Sessions, messages and turn records are rows; a turn is appended in one
 * transaction whose inserts JDBC sends as batches.
 *
 * <p>Appends to one session are ordered by the database, not by this process, so that any number of server
 * instances can share it. Each attempt reads the session with a row lock, which makes concurrent appends wait in
 * line, then claims the next seqs with an update that only succeeds if {@code last_seq} is still what it read. When
 * the claim fails anyway (a database that does not keep the lock, such as an optimistic cluster) or the database
 * reports a deadlock or lock timeout, the attempt is rolled back and retried after a jittered back-off, a bounded
 * number of times.
 */
public final class JpaSessionStore implements SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(JpaSessionStore.class);

    /** Bounds on retrying a write that keeps losing to concurrent writes on the same rows. */
    private static final int MAX_WRITE_ATTEMPTS = 50;
    private static final Duration MAX_WRITE_TIME = Duration.ofSeconds(15);
    private static final long MAX_BACKOFF_MICROS = 20_000;

    /** The entities this store maps, for building the persistence unit (no class-path scanning). */
    public static final List<Class<?>> ENTITY_CLASSES = List.of(SessionEntity.class, MessageEntity.class,
            TurnEntity.class, ToolExecutionEntity.class, PluginSelectionEntity.class);

    private final Transactions transactions;
    private final DataSource dataSource;
    private final Clock clock;

    /**
     * @param transactions where the work runs
     * @param dataSource   the same database, for the reachability probe
     * @param clock        the source of every timestamp the store sets itself
     */
    public JpaSessionStore(Transactions transactions, DataSource dataSource, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ------------------------------------------------------------------------------------------- create and find

    @Override
    public Session create(NewSession draft) {
        SessionEntity row = SessionRows.sessionRow(Objects.requireNonNull(draft, "session"));
        try {
            return transactions.write(em -> {
                em.persist(row);
                em.flush();
                return SessionRows.session(row);
            });
        } catch (RuntimeException e) {
            if (DatabaseFailures.isDuplicateKey(e)) {
                throw PromptException.conflict("a session with this key exists already");
            }
            throw e;
        }
    }

    @Override
    public Optional<Session> find(long chatbotId, SessionKey key) {
        Objects.requireNonNull(key, "key");
        // The key is unique across chatbots; a key of another chatbot's session finds nothing here.
        return read(em -> first(em.createQuery("select s from SessionEntity s where s.sessionKey = :key",
                        SessionEntity.class)
                .setParameter("key", key.value()))
                .filter(s -> s.chatbotId == chatbotId)
                .map(SessionRows::session));
    }

    @Override
    public Optional<Session> findById(long sessionId) {
        return read(em -> Optional.ofNullable(em.find(SessionEntity.class, sessionId)).map(SessionRows::session));
    }

    @Override
    public Optional<Session> findLatestByClientId(long chatbotId, String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        return read(em -> first(em.createQuery("select s from SessionEntity s where s.chatbotId = :chatbot"
                        + " and s.clientId = :client order by s.updatedAt desc, s.id desc", SessionEntity.class)
                .setParameter("chatbot", chatbotId)
                .setParameter("client", clientId))
                .map(SessionRows::session));
    }

    // ------------------------------------------------------------------------------------------------ appending

    @Override
    public AppendedTurn appendTurn(long sessionId, Turn turn) {
        Objects.requireNonNull(turn, "turn");
        return append(sessionId, null, List.of(), turn);
    }

    @Override
    public AppendedTurn appendTurn(Session readBefore, Turn turn) {
        Objects.requireNonNull(readBefore, "readBefore");
        Objects.requireNonNull(turn, "turn");
        return append(readBefore.id(), readBefore, List.of(), turn);
    }

    @Override
    public AppendedTurn appendTurn(TurnContext readBefore, Turn turn) {
        Objects.requireNonNull(readBefore, "readBefore");
        Objects.requireNonNull(turn, "turn");
        List<Message> read = new ArrayList<>(readBefore.recentMessages());
        readBefore.firstSystemMessage().ifPresent(read::add);
        return append(readBefore.session().id(), readBefore.session(), read, turn);
    }

    private AppendedTurn append(long sessionId, Session readBefore, List<Message> readMessages, Turn turn) {
        // Only the first attempt may trust the turn's own read; a retry starts from the locking read.
        boolean[] first = {true};
        try {
            return retrying("append turn " + turn.id() + " to session " + sessionId, () -> transactions.write(em -> {
                Session expected = first[0] ? readBefore : null;
                first[0] = false;
                Instant now = now();
                return jdbc(em, connection -> TurnAppender.tryAppend(connection, sessionId, expected, readMessages,
                        turn, now));
            }));
        } catch (CommitOutcomeUnknownException unknown) {
            return TurnLookup.resolve(transactions, sessionId, turn, unknown);
        }
    }

    /** Runs plain JDBC on the entity manager's connection, inside its transaction. */
    private static <T> T jdbc(EntityManager em, org.hibernate.jdbc.ReturningWork<T> work) {
        return em.unwrap(org.hibernate.Session.class).doReturningWork(work);
    }

    /**
     * Runs {@code attempt} until it produces a value. An empty result (a lost claim), a duplicate key (another
     * transaction took the same key first) or a deadlock or lock timeout rolls back and tries again after a
     * jittered back-off, at most {@link #MAX_WRITE_ATTEMPTS} times and for {@link #MAX_WRITE_TIME}; then CONFLICT.
     */
    private static <T> T retrying(String what, Supplier<Optional<T>> attempt) {
        Instant deadline = Instant.now().plus(MAX_WRITE_TIME);
        for (int attempts = 1; ; attempts++) {
            RuntimeException lost = null;
            try {
                Optional<T> result = attempt.get();
                if (result.isPresent()) {
                    if (attempts > 1) {
                        LOG.debug("{}: done after {} attempts", what, attempts);
                    }
                    return result.get();
                }
            } catch (RuntimeException e) {
                if (!DatabaseFailures.isDuplicateKey(e) && !DatabaseFailures.isTransientConflict(e)) {
                    throw e;
                }
                lost = e;
            }
            if (attempts >= MAX_WRITE_ATTEMPTS || Instant.now().isAfter(deadline)) {
                LOG.warn("{}: gave up after {} attempts", what, attempts);
                throw PromptException.conflict("the session changed too often meanwhile; please try again");
            }
            WriteRetries.retried(what, attempts, lost);
            backOff(attempts);
        }
    }

    /** A random wait under an exponential ceiling: concurrent losers spread out instead of colliding again. */
    private static void backOff(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF_MICROS, 250L << Math.min(attempt, 10));
        long micros = ThreadLocalRandom.current().nextLong(ceiling / 4, ceiling + 1);
        try {
            Thread.sleep(micros / 1_000, (int) (micros % 1_000) * 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PromptException.conflict("interrupted while waiting to retry a write");
        }
    }

    // ------------------------------------------------------------------------------------------ idempotency keys

    @Override
    public IdempotencyClaim claimIdempotencyKey(long chatbotId, IdempotencyKey key, String requestHash, String turnId,
                                                Instant now, Instant leaseUntil) {
        return retrying("claim idempotency key " + key, () -> Optional.of(transactions.write(em ->
                JpaIdempotencyKeys.claim(em, chatbotId, key, requestHash, turnId, now, leaseUntil))));
    }

    @Override
    public boolean renewIdempotencyKey(long chatbotId, IdempotencyKey key, String turnId, Instant leaseUntil) {
        return transactions.write(em -> JpaIdempotencyKeys.renew(em, chatbotId, key, turnId, leaseUntil));
    }

    @Override
    public void releaseIdempotencyKey(long chatbotId, IdempotencyKey key, String turnId) {
        transactions.write(em -> {
            JpaIdempotencyKeys.release(em, chatbotId, key, turnId);
            return null;
        });
    }

    @Override
    public Optional<StoredTurn> findTurn(long sessionId, long turnSeq, String turnId) {
        return read(em -> TurnLookup.storedTurn(em, sessionId, turnSeq, turnId));
    }

    // --------------------------------------------------------------------------------------------- reading back

    @Override
    public Optional<TurnContext> loadTurnContext(long chatbotId, SessionKey key, Set<Role> roles, int limit) {
        Objects.requireNonNull(key, "key");
        return read(em -> jdbc(em, connection -> TurnContextReads.load(connection, chatbotId, key, roles, limit)));
    }

    @Override
    public Optional<Message> firstSystemMessage(long sessionId) {
        // Usually seq 1; the first window of 64 finds it in one query.
        return read(em -> SeqWindows.oldest(() -> lastSeq(em, sessionId), 64, (from, to) -> em.createQuery(
                        "select m from MessageEntity m where m.sessionId = :id and m.seq between :from and :to"
                                + " and m.role = :role order by m.seq", MessageEntity.class)
                .setParameter("id", sessionId)
                .setParameter("from", from)
                .setParameter("to", to)
                .setParameter("role", Role.SYSTEM.wireName())
                .setMaxResults(1)
                .getResultList())
                .map(SessionRows::message));
    }

    @Override
    public List<Message> recentMessages(long sessionId, Set<Role> roles, int limit) {
        if (limit <= 0 || roles.isEmpty()) {
            return List.of();
        }
        boolean everyRole = roles.containsAll(EnumSet.allOf(Role.class));
        List<String> roleNames = roles.stream().map(Role::wireName).toList();
        String jpql = "select " + SessionRows.MESSAGE_COLUMNS + " from MessageEntity m where m.sessionId = :id"
                + " and m.seq between :from and :to" + (everyRole ? "" : " and m.role in :roles") + " order by m.seq";
        // Every role: the last `limit` seqs are exactly the answer. Some roles: start with twice as many.
        long firstWindow = everyRole ? limit : 2L * limit;
        return read(em -> SeqWindows.newest(lastSeq(em, sessionId), limit, firstWindow, (from, to) -> {
            TypedQuery<Object[]> query = em.createQuery(jpql, Object[].class)
                    .setParameter("id", sessionId)
                    .setParameter("from", from)
                    .setParameter("to", to);
            if (!everyRole) {
                query.setParameter("roles", roleNames);
            }
            return query.getResultList();
        }).stream().map(SessionRows::message).toList());
    }

    /** Seqs are dense, so the next {@code limit} messages are exactly the next {@code limit} seqs. */
    @Override
    public List<Message> messagesAfter(long sessionId, long afterSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        long from = Math.max(afterSeq, 0) + 1;
        return read(em -> em.createQuery("select m from MessageEntity m where m.sessionId = :id"
                        + " and m.seq between :from and :to order by m.seq", MessageEntity.class)
                .setParameter("id", sessionId)
                .setParameter("from", from)
                .setParameter("to", from + limit - 1)
                .getResultList().stream().map(SessionRows::message).toList());
    }

    /** Messages are dense from 1 and never removed one by one, so the count is the session's last seq. */
    @Override
    public long countMessages(long sessionId) {
        return read(em -> lastSeq(em, sessionId));
    }

    @Override
    public List<ToolExecution> recentToolExecutions(long sessionId, int limit) {
        return newestRecords(ToolExecutionEntity.class, sessionId, limit, SessionRows::execution);
    }

    @Override
    public List<ProviderExchange> recentProviderExchanges(long sessionId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return read(em -> jdbc(em, connection -> ExchangeReads.newest(connection, sessionId, limit)));
    }

    @Override
    public List<PluginSelection> recentPluginSelections(long sessionId, int limit) {
        return newestRecords(PluginSelectionEntity.class, sessionId, limit, SessionRows::selection);
    }

    /** Turn records, newest first, found by the seq of their turn like messages are found by theirs. */
    private <E, T> List<T> newestRecords(Class<E> entity, long sessionId, int limit, Function<E, T> toValue) {
        if (limit <= 0) {
            return List.of();
        }
        String jpql = "select r from " + entity.getSimpleName() + " r where r.sessionId = :id"
                + " and r.turnSeq between :from and :to order by r.turnSeq, r.ordinal";
        // A turn spans a few seqs; start with room for `limit` turns of eight messages.
        long firstWindow = Math.max(64, 8L * limit);
        List<T> oldestFirst = read(em -> SeqWindows.newest(lastSeq(em, sessionId), limit, firstWindow,
                (from, to) -> em.createQuery(jpql, entity)
                        .setParameter("id", sessionId)
                        .setParameter("from", from)
                        .setParameter("to", to)
                        .getResultList()).stream().map(toValue).toList());
        List<T> newestFirst = new ArrayList<>(oldestFirst);
        Collections.reverse(newestFirst);
        return List.copyOf(newestFirst);
    }

    /** The session's last seq (0 for an empty or missing session): one primary-key lookup. */
    private static long lastSeq(EntityManager em, long sessionId) {
        return first(em.createQuery("select s.lastSeq from SessionEntity s where s.id = :id", Long.class)
                .setParameter("id", sessionId)).orElse(0L);
    }

    // --------------------------------------------------------------------------------------------------- listing

    @Override
    public SessionPage list(SessionQuery query) {
        SessionCursor cursor = query.cursor() == null ? null : SessionCursor.decode(query.cursor());
        String direction = query.ascending() ? "asc" : "desc";
        String after = query.ascending() ? ">" : "<";
        String jpql = "select s from SessionEntity s where s.chatbotId = :chatbot"
                + (cursor == null ? ""
                : " and (s.updatedAt " + after + " :at or (s.updatedAt = :at and s.id " + after + " :id))")
                + " order by s.updatedAt " + direction + ", s.id " + direction;
        List<Session> found = read(em -> {
            TypedQuery<SessionEntity> select = em.createQuery(jpql, SessionEntity.class)
                    .setParameter("chatbot", query.chatbotId())
                    .setMaxResults(query.limit() + 1);
            if (cursor != null) {
                select.setParameter("at", cursor.updatedAt()).setParameter("id", cursor.sessionId());
            }
            return select.getResultList().stream().map(SessionRows::session).toList();
        });
        boolean more = found.size() > query.limit();
        List<Session> page = more ? found.subList(0, query.limit()) : found;
        return new SessionPage(page, more
                ? Optional.of(SessionCursor.after(page.get(page.size() - 1)).encode())
                : Optional.empty());
    }

    // --------------------------------------------------------------------------------------------- maintenance

    @Override
    public boolean delete(long sessionId) {
        // The database removes messages and turn records with the session (ON DELETE CASCADE).
        return transactions.write(em -> em.createQuery("delete from SessionEntity s where s.id = :id")
                .setParameter("id", sessionId)
                .executeUpdate()) > 0;
    }

    @Override
    public long countInactiveSince(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return read(em -> em.createQuery("select count(s) from SessionEntity s where s.updatedAt < :cutoff",
                        Long.class)
                .setParameter("cutoff", cutoff)
                .getSingleResult());
    }

    @Override
    public long pruneInactiveSince(Instant cutoff, int maxRowsPerTransaction, PruneProgress progress) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (maxRowsPerTransaction < 1) {
            throw PromptException.invalid("the rows per transaction must be at least 1");
        }
        Instant now = now();
        transactions.write(em -> JpaIdempotencyKeys.deleteExpired(em, now));
        return new SessionPruner(transactions, JpaSessionStore::retrying).prune(cutoff, maxRowsPerTransaction,
                progress == null ? PruneProgress.NONE : progress);
    }

    @Override
    public Map<Long, Long> countSessionsByChatbot() {
        return read(em -> {
            Map<Long, Long> counts = new LinkedHashMap<>();
            em.createQuery("select s.chatbotId, count(s) from SessionEntity s group by s.chatbotId", Object[].class)
                    .getResultList()
                    .forEach(row -> counts.put((Long) row[0], (Long) row[1]));
            return Map.copyOf(counts);
        });
    }

    @Override
    public TokenUsage tokenUsageOfChatbot(long chatbotId) {
        return usageOf(TokenTotals.CHATBOT, chatbotId);
    }

    @Override
    public TokenUsage tokenUsageOfAccount(long accountId) {
        return usageOf(TokenTotals.ACCOUNT, accountId);
    }

    private TokenUsage usageOf(String scope, long scopeId) {
        return read(em -> jdbc(em, connection -> TokenTotals.allTime(connection, scope, scopeId)));
    }

    @Override
    public DailyTokenUse tokensUsedOn(LocalDate day, long chatbotId, long accountId) {
        Objects.requireNonNull(day, "day");
        return read(em -> jdbc(em, connection -> TokenTotals.onDay(connection, day, chatbotId, accountId)));
    }

    @Override
    public boolean isReachable() {
        return DatabaseHealth.isReachable(dataSource);
    }

    // ---------------------------------------------------------------------------------------------- utilities

    private <T> T read(Function<EntityManager, T> work) {
        return transactions.read(work);
    }

    private static <T> Optional<T> first(TypedQuery<T> query) {
        return query.setMaxResults(1).getResultList().stream().findFirst();
    }

    private Instant now() {
        return microseconds(clock.instant());
    }

    private static Instant microseconds(Instant instant) {
        return SessionRows.microseconds(instant);
    }
}
