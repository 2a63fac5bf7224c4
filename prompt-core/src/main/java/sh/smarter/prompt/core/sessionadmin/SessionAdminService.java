package sh.smarter.prompt.core.sessionadmin;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import sh.smarter.prompt.core.access.ChatbotAccess;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.access.SessionOwners;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionHistory;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionMaintenance;
import sh.smarter.prompt.core.session.SessionPage;
import sh.smarter.prompt.core.session.SessionQuery;
import sh.smarter.prompt.core.session.ToolExecution;

public final class SessionAdminService implements ManageSessionsUseCase {
    public static final int MAX_PAGE = 1000;
    /** Rows (messages and turn records) a prune transaction deletes at most: milliseconds of locks, not seconds. */
    private static final int PRUNE_MAX_ROWS = 2_000;
    private static final int EXPORT_PAGE = 500;

    private final ChatbotAccess access;
    private final SessionHistory sessions;
    private final SessionMaintenance maintenance;
    private final TurnLogReader turnLogs;

    public SessionAdminService(ChatbotLookup lookup, SessionHistory sessions, SessionMaintenance maintenance) {
        this.access = new ChatbotAccess(lookup);
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.turnLogs = new TurnLogReader(sessions);
    }

    @Override
    public SessionPage listSessions(ChatbotRef ref, String cursor, int limit, boolean ascending, Principal principal) {
        Chatbot chatbot = access.forManagement(ref, principal);
        return sessions.list(new SessionQuery(chatbot.id(), cursor, limit, ascending));
    }

    @Override
    public Session session(ChatbotRef ref, SessionKey key, Principal principal) {
        Chatbot chatbot = access.forOwnSessions(ref, principal);
        // A chat key sees the sessions it started; any other session is "not found" to it, as to a stranger.
        return sessions.find(chatbot.id(), key)
                .filter(session -> principal.mayAdminister(chatbot.accountId())
                        || SessionOwners.startedBy(session, principal))
                .orElseThrow(() -> PromptException.notFound("session not found for chatbot " + chatbot.name()));
    }

    @Override
    public List<Message> messages(ChatbotRef ref, SessionKey key, long afterSeq, int limit, Principal principal) {
        checkLimit(limit);
        if (afterSeq < 0) {
            throw PromptException.invalid("after_seq must not be negative");
        }
        return sessions.messagesAfter(session(ref, key, principal).id(), afterSeq, limit);
    }

    @Override
    public List<ToolExecution> toolExecutions(ChatbotRef ref, SessionKey key, int limit, Principal principal) {
        checkLimit(limit);
        return sessions.recentToolExecutions(session(ref, key, principal).id(), limit);
    }

    @Override
    public List<PluginSelection> pluginSelections(ChatbotRef ref, SessionKey key, int limit, Principal principal) {
        checkLimit(limit);
        return sessions.recentPluginSelections(session(ref, key, principal).id(), limit);
    }

    @Override
    public List<TurnLog> recentTurns(ChatbotRef ref, int limit, Principal principal) {
        checkLimit(limit);
        return turnLogs.ofChatbot(access.forManagement(ref, principal), limit);
    }

    @Override
    public List<TurnLog> recentTurns(ChatbotRef ref, SessionKey key, int limit, Principal principal) {
        checkLimit(limit);
        Chatbot chatbot = access.forManagement(ref, principal);
        Session session = sessions.find(chatbot.id(), key)
                .orElseThrow(() -> PromptException.notFound("session not found for chatbot " + chatbot.name()));
        return turnLogs.ofSession(chatbot, session, limit);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw PromptException.invalid("limit must be between 1 and " + MAX_PAGE);
        }
    }

    @Override
    public void export(ChatbotRef ref, SessionKey key, Principal principal, Consumer<Message> sink) {
        Session session = session(ref, key, principal);
        long after = 0;
        while (true) {
            List<Message> page = sessions.messagesAfter(session.id(), after, EXPORT_PAGE);
            page.forEach(sink);
            if (page.size() < EXPORT_PAGE) {
                return;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    @Override
    public void delete(ChatbotRef ref, SessionKey key, Principal principal) {
        Session session = session(ref, key, principal);
        if (!maintenance.delete(session.id())) {
            throw PromptException.notFound("session not found");
        }
    }

    @Override
    public PruneReport prune(Instant cutoff, boolean dryRun, Principal principal,
                             SessionMaintenance.PruneProgress progress) {
        if (!(principal instanceof Principal.Operator)) {
            throw PromptException.forbidden("only the operator of this installation may prune sessions");
        }
        Objects.requireNonNull(cutoff, "cutoff");
        if (dryRun) {
            return new PruneReport(maintenance.countInactiveSince(cutoff), true);
        }
        return new PruneReport(maintenance.pruneInactiveSince(cutoff, PRUNE_MAX_ROWS,
                progress == null ? SessionMaintenance.PruneProgress.NONE : progress), false);
    }
}
