package sh.smarter.prompt.core.sessionadmin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionHistory;
import sh.smarter.prompt.core.session.SessionQuery;
import sh.smarter.prompt.core.session.TokenUsage;

/**
 * Rebuilds recent turns from what a turn stores: its messages (grouped by turn id), its provider exchanges (the
 * tokens). Reads are bounded by the number of turns asked for, whatever the length of the session.
 */
final class TurnLogReader {
    /** The messages a log reads per turn asked for: a user message, answers, tool results and an error line. */
    private static final int MESSAGES_PER_TURN = 16;
    /** Provider calls a log reads per turn asked for (one per tool round). */
    private static final int EXCHANGES_PER_TURN = 8;
    private static final Set<Role> LOGGED_ROLES = EnumSet.of(Role.USER, Role.ASSISTANT, Role.TOOL, Role.SMARTER_ERROR);

    private final SessionHistory sessions;

    TurnLogReader(SessionHistory sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** The chatbot's newest {@code limit} turns over its most recently active sessions, oldest first. */
    List<TurnLog> ofChatbot(Chatbot chatbot, int limit) {
        List<TurnLog> turns = new ArrayList<>();
        int sessionsToRead = Math.min(limit, SessionQuery.MAX_LIMIT);
        for (Session session : sessions.list(SessionQuery.firstPage(chatbot.id(), sessionsToRead)).sessions()) {
            turns.addAll(ofSession(chatbot, session, limit));
        }
        turns.sort(Comparator.comparing(TurnLog::at).reversed());
        List<TurnLog> newest = new ArrayList<>(turns.subList(0, Math.min(limit, turns.size())));
        newest.sort(Comparator.comparing(TurnLog::at));
        return newest;
    }

    /** The session's newest {@code limit} turns, oldest first. */
    List<TurnLog> ofSession(Chatbot chatbot, Session session, int limit) {
        if (session.isEmpty()) {
            return List.of();
        }
        List<Message> messages = sessions.recentMessages(session.id(), LOGGED_ROLES, limit * MESSAGES_PER_TURN);
        Map<String, List<Message>> byTurn = new LinkedHashMap<>();
        for (Message m : messages) {
            if (m.turnId() != null) {
                byTurn.computeIfAbsent(m.turnId(), id -> new ArrayList<>()).add(m);
            }
        }
        Map<String, TokenUsage> usage = new HashMap<>();
        for (ProviderExchange exchange : sessions.recentProviderExchanges(session.id(),
                limit * EXCHANGES_PER_TURN)) {
            usage.merge(exchange.turnId(), exchange.usage(), TokenUsage::plus);
        }
        List<TurnLog> turns = new ArrayList<>();
        byTurn.forEach((turnId, turnMessages) -> turnOf(chatbot, session, turnId, turnMessages,
                usage.getOrDefault(turnId, TokenUsage.NONE)).ifPresent(turns::add));
        // The oldest group may be cut by the read bound: it has no user message then and is left out.
        return turns.subList(Math.max(0, turns.size() - limit), turns.size());
    }

    private static Optional<TurnLog> turnOf(Chatbot chatbot, Session session, String turnId,
                                                      List<Message> messages, TokenUsage usage) {
        Message user = null;
        String answer = null;
        String error = null;
        List<String> tools = new ArrayList<>();
        for (Message m : messages) {
            switch (m.role()) {
                case USER -> user = user == null ? m : user;
                case ASSISTANT -> {
                    // The welcome that seeds a session comes before the user's message; it is no answer.
                    if (user != null && m.content() != null && !m.content().isBlank()) {
                        answer = m.content();
                    }
                }
                case TOOL -> tools.add(m.name() == null ? "tool" : m.name());
                case SMARTER_ERROR -> error = m.content();
                default -> { }
            }
        }
        if (user == null) {
            return Optional.empty();
        }
        return Optional.of(new TurnLog(turnId, user.createdAt(), chatbot.name(), session.key(),
                user.content(), answer, error, tools, usage));
    }
}
