package sh.smarter.prompt.http.smartercli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionPage;
import sh.smarter.prompt.core.session.SessionQuery;

/**
 * Sessions of the caller's account. The CLI names a session by its key alone (optionally with a chatbot), so a key
 * is looked for in each of the account's chatbots; keys of other accounts are never found.
 */
final class CliSessions {
    private final PromptEngine engine;

    CliSessions(PromptEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** A session with the chatbot it belongs to. */
    record Located(Chatbot chatbot, Session session) {
    }

    /** The account's chatbots, or the one named (404 when the account has no such chatbot). */
    List<Chatbot> chatbots(CliCaller caller, String name) {
        if (name == null || name.isBlank()) {
            return engine.findChatbots().ofAccount(caller.account().id());
        }
        return List.of(engine.findChatbots().findInAccount(caller.account().id(), name.strip())
                .orElseThrow(() -> PromptException.notFound("chatbot " + name.strip() + " not found")));
    }

    Located locate(CliCaller caller, SessionKey key, String chatbotName) {
        for (Chatbot chatbot : chatbots(caller, chatbotName)) {
            try {
                return new Located(chatbot, engine.sessions().session(caller.chatbot(chatbot.name()), key,
                        caller.principal()));
            } catch (PromptException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        throw PromptException.notFound("session " + key.abbreviated() + " not found");
    }

    /**
     * The {@code limit} most (or least) recently updated sessions over the chatbots: each chatbot's own first
     * {@code limit}, merged, so the result is exact however the sessions spread over chatbots.
     */
    List<Located> list(CliCaller caller, List<Chatbot> chatbots, int limit, boolean ascending) {
        List<Located> found = new ArrayList<>();
        for (Chatbot chatbot : chatbots) {
            String cursor = null;
            int remaining = limit;
            do {
                SessionPage page = engine.sessions().listSessions(caller.chatbot(chatbot.name()), cursor,
                        Math.min(remaining, SessionQuery.MAX_LIMIT), ascending, caller.principal());
                page.sessions().forEach(session -> found.add(new Located(chatbot, session)));
                remaining -= page.sessions().size();
                cursor = page.nextCursor().orElse(null);
            } while (cursor != null && remaining > 0);
        }
        Comparator<Located> order = Comparator.comparing((Located l) -> l.session().updatedAt())
                .thenComparingLong(l -> l.session().id());
        return found.stream().sorted(ascending ? order : order.reversed()).limit(limit).toList();
    }
}
