package sh.smarter.prompt.persistence.session;

import static sh.smarter.prompt.persistence.session.RetriedWrites.retrying;
import static sh.smarter.prompt.persistence.session.SessionQueries.first;
import static sh.smarter.prompt.persistence.session.SessionQueries.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.session.AppendedTurn;
import sh.smarter.prompt.core.session.IdempotencyClaim;
import sh.smarter.prompt.core.session.IdempotencyKey;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewSession;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.StoredTurn;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.core.session.TurnContext;
import sh.smarter.prompt.core.session.TurnStore;
import sh.smarter.prompt.persistence.support.CommitOutcomeUnknownException;
import sh.smarter.prompt.persistence.support.DatabaseFailures;
import sh.smarter.prompt.persistence.support.DatabaseHealth;
import sh.smarter.prompt.persistence.support.Transactions;

/**
 * The turn's store on Jakarta Persistence: the turn's one read ({@link TurnContextReads}), its one write
 * ({@link TurnAppender}) and its idempotency key ({@link JpaIdempotencyKeys}). A session's next turn on the same
 * store reads only the session row when the window it read or appended last is still current
 * ({@link RecentWindows}).
 *
 * <p>Appends to one session are ordered by the database, not by this process, so that any number of server
 * instances can share it. An append claims the next seqs with an update that only succeeds if {@code last_seq} is
 * still what the turn read; when another append came first, it reads the session with a row lock, which makes
 * concurrent appends wait in line, and claims again. When a claim fails anyway (a database that does not keep the
 * lock, such as an optimistic cluster) or the database reports a deadlock or lock timeout, the attempt is rolled
 * back and retried ({@link RetriedWrites}).
 */
public final class JpaTurnStore implements TurnStore {
    /** The most sessions whose context windows are kept between their turns. */
    static final int KEPT_WINDOWS = 4_096;
    /** The most characters those windows hold together (about 32 MB of heap for 16 M characters of text). */
    static final long KEPT_WINDOW_CHARS = 16L * 1024 * 1024;
    private final Transactions transactions;
    private final DataSource dataSource;
    private final Clock clock;
    private final long oneTextBytes;
    private final StoredToolSets storedToolSets = new StoredToolSets();
    /** Sessions' context windows as this store last read or appended them; see {@link RecentWindows}. */
    private final RecentWindows windows = new RecentWindows(KEPT_WINDOWS, KEPT_WINDOW_CHARS);
    /** Whether the database is H2 (see {@link TurnContextReads#load}); learnt from the first connection. */
    private volatile Boolean h2;

    /**
     * @param transactions where the work runs
     * @param dataSource   the same database, for the reachability probe
     * @param clock        the source of every timestamp the store sets itself
     * @param oneTextBytes the most bytes an append may send as one text of several statements, in one round trip
     *                     ({@link ChainedWrites}); 0 where the database takes one statement at a time
     */
    public JpaTurnStore(Transactions transactions, DataSource dataSource, Clock clock, long oneTextBytes) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.oneTextBytes = oneTextBytes;
    }

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
    public Optional<Session> findLatestByClientId(long chatbotId, String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        return transactions.read(em -> first(em.createQuery("select s from SessionEntity s"
                        + " where s.chatbotId = :chatbot and s.clientId = :client order by s.updatedAt desc, s.id desc",
                        SessionEntity.class)
                .setParameter("chatbot", chatbotId)
                .setParameter("client", clientId))
                .map(SessionRows::session));
    }

    @Override
    public Optional<TurnContext> loadTurnContext(long chatbotId, SessionKey key, Set<Role> roles, int limit) {
        Objects.requireNonNull(key, "key");
        return transactions.read(em -> jdbc(em, connection -> {
            if (windows.holds(key, roles, limit)) {
                Optional<Session> session = TurnContextReads.session(connection, key);
                if (session.isEmpty()) {
                    windows.forget(key);
                    return Optional.empty();
                }
                if (session.get().chatbotId() != chatbotId) {
                    return Optional.empty();
                }
                Optional<TurnContext> kept = windows.contextOf(session.get(), roles, limit);
                if (kept.isPresent()) {
                    return kept;
                }
            }
            Optional<TurnContext> read = TurnContextReads.load(connection, isH2(connection), chatbotId, key, roles,
                    limit);
            read.ifPresent(context -> windows.remember(context, roles, limit));
            return read;
        }));
    }

    private boolean isH2(Connection connection) throws SQLException {
        Boolean known = h2;
        if (known == null) {
            known = "H2".equals(connection.getMetaData().getDatabaseProductName());
            h2 = known;
        }
        return known;
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
        AppendedTurn appended = append(readBefore.session().id(), readBefore.session(), read, turn);
        windows.appended(readBefore, appended);
        return appended;
    }

    private AppendedTurn append(long sessionId, Session readBefore, List<Message> readMessages, Turn turn) {
        // Only the first attempt may trust the turn's own read; a retry starts from the locking read.
        boolean[] first = {true};
        StoredToolSets.Attempt[] attempt = new StoredToolSets.Attempt[1];
        try {
            AppendedTurn appended = retrying("append turn " + turn.id() + " to session " + sessionId,
                    () -> transactions.write(em -> {
                        Session expected = first[0] ? readBefore : null;
                        first[0] = false;
                        Instant now = SessionRows.microseconds(clock.instant());
                        attempt[0] = storedToolSets.attempt();
                        return jdbc(em, connection -> TurnAppender.tryAppend(connection, oneTextBytes, sessionId,
                                expected, readMessages, turn, now, attempt[0]));
                    }));
            // Only now are the attempt's tool_sets rows known to be in the database.
            attempt[0].committed();
            return appended;
        } catch (CommitOutcomeUnknownException unknown) {
            return TurnLookup.resolve(transactions, sessionId, turn, unknown);
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
        return transactions.read(em -> TurnLookup.storedTurn(em, sessionId, turnSeq, turnId));
    }

    @Override
    public boolean isReachable() {
        return DatabaseHealth.isReachable(dataSource);
    }
}
