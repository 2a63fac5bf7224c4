package sh.smarter.prompt.core.session;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link SessionStore#of}: each method goes to the adapter of its port. */
record CombinedSessionStore(TurnStore turns, SessionHistory history, SessionMaintenance maintenance,
                            TokenUsageTotals totals) implements SessionStore {

    @Override
    public Session create(NewSession session) {
        return turns.create(session);
    }

    @Override
    public Optional<Session> findLatestByClientId(long chatbotId, String clientId) {
        return turns.findLatestByClientId(chatbotId, clientId);
    }

    @Override
    public Optional<TurnContext> loadTurnContext(long chatbotId, SessionKey key, Set<Role> roles, int limit) {
        return turns.loadTurnContext(chatbotId, key, roles, limit);
    }

    @Override
    public AppendedTurn appendTurn(long sessionId, Turn turn) {
        return turns.appendTurn(sessionId, turn);
    }

    @Override
    public AppendedTurn appendTurn(Session readBefore, Turn turn) {
        return turns.appendTurn(readBefore, turn);
    }

    @Override
    public AppendedTurn appendTurn(TurnContext readBefore, Turn turn) {
        return turns.appendTurn(readBefore, turn);
    }

    @Override
    public IdempotencyClaim claimIdempotencyKey(long chatbotId, IdempotencyKey key, String requestHash, String turnId,
                                                Instant now, Instant leaseUntil) {
        return turns.claimIdempotencyKey(chatbotId, key, requestHash, turnId, now, leaseUntil);
    }

    @Override
    public boolean renewIdempotencyKey(long chatbotId, IdempotencyKey key, String turnId, Instant leaseUntil) {
        return turns.renewIdempotencyKey(chatbotId, key, turnId, leaseUntil);
    }

    @Override
    public void releaseIdempotencyKey(long chatbotId, IdempotencyKey key, String turnId) {
        turns.releaseIdempotencyKey(chatbotId, key, turnId);
    }

    @Override
    public Optional<StoredTurn> findTurn(long sessionId, long turnSeq, String turnId) {
        return turns.findTurn(sessionId, turnSeq, turnId);
    }

    @Override
    public boolean isReachable() {
        return turns.isReachable();
    }

    @Override
    public Optional<Session> find(long chatbotId, SessionKey key) {
        return history.find(chatbotId, key);
    }

    @Override
    public Optional<Session> findById(long sessionId) {
        return history.findById(sessionId);
    }

    @Override
    public SessionPage list(SessionQuery query) {
        return history.list(query);
    }

    @Override
    public Optional<Message> firstSystemMessage(long sessionId) {
        return history.firstSystemMessage(sessionId);
    }

    @Override
    public List<Message> recentMessages(long sessionId, Set<Role> roles, int limit) {
        return history.recentMessages(sessionId, roles, limit);
    }

    @Override
    public List<Message> messagesAfter(long sessionId, long afterSeq, int limit) {
        return history.messagesAfter(sessionId, afterSeq, limit);
    }

    @Override
    public long countMessages(long sessionId) {
        return history.countMessages(sessionId);
    }

    @Override
    public List<ToolExecution> recentToolExecutions(long sessionId, int limit) {
        return history.recentToolExecutions(sessionId, limit);
    }

    @Override
    public List<ProviderExchange> recentProviderExchanges(long sessionId, int limit) {
        return history.recentProviderExchanges(sessionId, limit);
    }

    @Override
    public List<PluginSelection> recentPluginSelections(long sessionId, int limit) {
        return history.recentPluginSelections(sessionId, limit);
    }

    @Override
    public boolean delete(long sessionId) {
        return maintenance.delete(sessionId);
    }

    @Override
    public long countInactiveSince(Instant cutoff) {
        return maintenance.countInactiveSince(cutoff);
    }

    @Override
    public long pruneInactiveSince(Instant cutoff, int maxRowsPerTransaction, PruneProgress progress) {
        return maintenance.pruneInactiveSince(cutoff, maxRowsPerTransaction, progress);
    }

    @Override
    public Map<Long, Long> countSessionsByChatbot() {
        return maintenance.countSessionsByChatbot();
    }

    @Override
    public TokenUsage tokenUsageOfChatbot(long chatbotId) {
        return totals.tokenUsageOfChatbot(chatbotId);
    }

    @Override
    public TokenUsage tokenUsageOfAccount(long accountId) {
        return totals.tokenUsageOfAccount(accountId);
    }

    @Override
    public DailyTokenUse tokensUsedOn(LocalDate day, long chatbotId, long accountId) {
        return totals.tokensUsedOn(day, chatbotId, accountId);
    }
}
