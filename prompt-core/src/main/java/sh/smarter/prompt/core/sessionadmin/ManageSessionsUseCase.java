package sh.smarter.prompt.core.sessionadmin;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionMaintenance;
import sh.smarter.prompt.core.session.SessionPage;
import sh.smarter.prompt.core.session.ToolExecution;

/**
 * Inbound port: what an administrator does with sessions — list, read, export, delete, prune. Every operation
 * needs a principal that may manage the chatbot's account; others get "not found".
 */
public interface ManageSessionsUseCase {

    SessionPage listSessions(ChatbotRef chatbot, String cursor, int limit, boolean ascending, Principal principal);

    Session session(ChatbotRef chatbot, SessionKey key, Principal principal);

    /** Messages with {@code seq > afterSeq}, oldest first. */
    List<Message> messages(ChatbotRef chatbot, SessionKey key, long afterSeq, int limit, Principal principal);

    /** The session's executed tool calls, newest first (those with a plugin are its plugin usage). */
    List<ToolExecution> toolExecutions(ChatbotRef chatbot, SessionKey key, int limit, Principal principal);

    /** The session's plugin selections, newest first. */
    List<PluginSelection> pluginSelections(ChatbotRef chatbot, SessionKey key, int limit, Principal principal);

    /** The chatbot's newest {@code limit} turns over its most recently active sessions, oldest first. */
    List<TurnLog> recentTurns(ChatbotRef chatbot, int limit, Principal principal);

    /** The session's newest {@code limit} turns, oldest first. */
    List<TurnLog> recentTurns(ChatbotRef chatbot, SessionKey key, int limit, Principal principal);

    /** Every message of the session, oldest first, read page by page so memory stays flat for long sessions. */
    void export(ChatbotRef chatbot, SessionKey key, Principal principal, Consumer<Message> sink);

    void delete(ChatbotRef chatbot, SessionKey key, Principal principal);

    /**
     * Deletes every session (of every chatbot) not updated since {@code cutoff}. Only the operator of the
     * installation may prune. With {@code dryRun} nothing is deleted and the count is what would be.
     */
    PruneReport prune(Instant cutoff, boolean dryRun, Principal principal, SessionMaintenance.PruneProgress progress);

    record PruneReport(long sessions, boolean dryRun) {
    }
}
