package sh.smarter.prompt.persistence.session;

import static sh.smarter.prompt.persistence.session.SessionQueries.first;
import static sh.smarter.prompt.persistence.session.SessionQueries.jdbc;
import static sh.smarter.prompt.persistence.session.SessionQueries.lastSeq;

import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionCursor;
import sh.smarter.prompt.core.session.SessionHistory;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionPage;
import sh.smarter.prompt.core.session.SessionQuery;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.persistence.support.Transactions;

/**
 * Reading stored sessions back on Jakarta Persistence. Seqs are dense per session, so a window of messages or turn
 * records is a primary-key range found from {@code last_seq} ({@link SeqWindows}), never an offset scan.
 */
public final class JpaSessionHistory implements SessionHistory {
    private final Transactions transactions;

    public JpaSessionHistory(Transactions transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    @Override
    public Optional<Session> find(long chatbotId, SessionKey key) {
        Objects.requireNonNull(key, "key");
        // The key is unique across chatbots; a key of another chatbot's session finds nothing here.
        return transactions.read(em -> first(em.createQuery("select s from SessionEntity s where s.sessionKey = :key",
                        SessionEntity.class)
                .setParameter("key", key.value()))
                .filter(s -> s.chatbotId == chatbotId)
                .map(SessionRows::session));
    }

    @Override
    public Optional<Session> findById(long sessionId) {
        return transactions.read(em -> Optional.ofNullable(em.find(SessionEntity.class, sessionId))
                .map(SessionRows::session));
    }

    @Override
    public SessionPage list(SessionQuery query) {
        SessionCursor cursor = query.cursor() == null ? null : SessionCursor.decode(query.cursor());
        String direction = query.ascending() ? "asc" : "desc";
        String after = query.ascending() ? ">" : "<";
        String jpql = "select s from SessionEntity s where s.chatbotId = :chatbot"
                + (cursor == null ? ""
                : " and (s.updatedAt " + after + " :at or (s.updatedAt = :at and s.id " + after + " :id))")
                + " order by s.updatedAt " + direction + ", s.id " + direction;
        List<Session> found = transactions.read(em -> {
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

    @Override
    public Optional<Message> firstSystemMessage(long sessionId) {
        // Usually seq 1; the first window of 64 finds it in one query.
        return transactions.read(em -> SeqWindows.oldest(() -> lastSeq(em, sessionId), 64, (from, to) ->
                jdbc(em, connection -> MessageRanges.read(connection, sessionId, from, to, List.of(Role.SYSTEM), 1))));
    }

    @Override
    public List<Message> recentMessages(long sessionId, Set<Role> roles, int limit) {
        if (limit <= 0 || roles.isEmpty()) {
            return List.of();
        }
        List<Role> wanted = roles.containsAll(EnumSet.allOf(Role.class)) ? null : List.copyOf(roles);
        return transactions.read(em -> jdbc(em, connection -> NewestMessages.load(connection, sessionId, wanted,
                limit)));
    }

    /** Seqs are dense, so the next {@code limit} messages are exactly the next {@code limit} seqs. */
    @Override
    public List<Message> messagesAfter(long sessionId, long afterSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        long from = Math.max(afterSeq, 0) + 1;
        return transactions.read(em -> List.copyOf(jdbc(em, connection ->
                MessageRanges.read(connection, sessionId, from, from + limit - 1, null, 0))));
    }

    /** Messages are dense from 1 and never removed one by one, so the count is the session's last seq. */
    @Override
    public long countMessages(long sessionId) {
        return transactions.read(em -> lastSeq(em, sessionId));
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
        return transactions.read(em -> jdbc(em, connection -> ExchangeReads.newest(connection, sessionId, limit)));
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
        List<T> oldestFirst = transactions.read(em -> SeqWindows.newest(lastSeq(em, sessionId), limit, firstWindow,
                (from, to) -> em.createQuery(jpql, entity)
                        .setParameter("id", sessionId)
                        .setParameter("from", from)
                        .setParameter("to", to)
                        .getResultList()).stream().map(toValue).toList());
        List<T> newestFirst = new ArrayList<>(oldestFirst);
        Collections.reverse(newestFirst);
        return List.copyOf(newestFirst);
    }
}
