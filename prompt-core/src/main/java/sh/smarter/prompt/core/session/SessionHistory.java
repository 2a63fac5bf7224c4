package sh.smarter.prompt.core.session;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Outbound port: reading stored sessions back — for the chat page's configuration object, session administration
 * and turn logs. Read only. Every adapter passes the same contract suite (prompt-tests,
 * {@code SessionHistoryContract}).
 */
public interface SessionHistory {

    /** The session with this key, but only within this chatbot: a key never opens another chatbot's session. */
    Optional<Session> find(long chatbotId, SessionKey key);

    Optional<Session> findById(long sessionId);

    /** A page of the chatbot's sessions by {@code updated_at}. */
    SessionPage list(SessionQuery query);

    /** The session's first system message, which every context window keeps. */
    Optional<Message> firstSystemMessage(long sessionId);

    /** The newest {@code limit} messages whose role is in {@code roles}, returned oldest first. */
    List<Message> recentMessages(long sessionId, Set<Role> roles, int limit);

    /** Messages with {@code seq > afterSeq}, oldest first, at most {@code limit}. */
    List<Message> messagesAfter(long sessionId, long afterSeq, int limit);

    long countMessages(long sessionId);

    /** Newest first. */
    List<ToolExecution> recentToolExecutions(long sessionId, int limit);

    /** Newest first. */
    List<ProviderExchange> recentProviderExchanges(long sessionId, int limit);

    /** Newest first. */
    List<PluginSelection> recentPluginSelections(long sessionId, int limit);
}
