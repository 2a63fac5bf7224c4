package sh.smarter.prompt.core.prompt;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.NewSession;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.TurnStore;
import sh.smarter.prompt.core.session.TurnContext;

/**
 * The first step of a turn: the session the command names (or a new one) and what the model will see of it. An
 * existing session is read in one go ({@link TurnStore#loadTurnContext}): session, first system message and the
 * newest messages, so the turn makes one read before it calls the provider.
 */
final class ContextLoading {
    private final TurnStore sessions;
    private final SecureRandom random;
    private final Clock clock;
    private final PromptSettings settings;
    private final ContextWindow contextWindow;

    ContextLoading(TurnStore sessions, SecureRandom random, Clock clock, PromptSettings settings) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.contextWindow = new ContextWindow(settings.contextMaxMessages(), settings.contextMaxTokens());
    }

    /**
     * The session as read for this turn, the system text and history a model sees before the new input, and what
     * seeds the session if it is still empty when the turn is stored.
     */
    record Loaded(TurnContext context, String systemText, List<NewMessage> history, List<NewMessage> seed) {
        Session session() {
            return context.session();
        }
    }

    Loaded load(Chatbot chatbot, PromptCommand command) {
        TurnContext context = resolve(chatbot, command);
        Session session = context.session();
        if (session.isEmpty()) {
            List<NewMessage> seed = new ArrayList<>();
            for (IncomingMessage m : command.introMessages()) {
                Role role = m == null ? null : Role.fromWireName(m.role()).orElse(null);
                if (seeds(command.session(), role) && m.content() != null && !m.content().isBlank()) {
                    seed.add(new NewMessage(role, m.content(), null, null, null));
                }
            }
            if (seed.isEmpty() || seed.get(0).role() != Role.SYSTEM) {
                seed.add(0, NewMessage.system(SystemRoles.withDateLine(chatbot, clock.instant())));
            }
            return new Loaded(context, seed.get(0).content(), seed.subList(1, seed.size()), seed);
        }
        Optional<Message> system = context.firstSystemMessage();
        String systemText = system.map(Message::content)
                .orElseGet(() -> SystemRoles.withDateLine(chatbot, clock.instant()));
        long systemSeq = system.map(Message::seq).orElse(-1L);
        List<Message> recent = context.recentMessages().stream().filter(m -> m.seq() != systemSeq).toList();
        int reserved = ContextWindow.estimateTokens(NewMessage.system(systemText))
                + ContextWindow.estimateTokens(NewMessage.user(command.inputText()));
        List<NewMessage> history = contextWindow.select(recent, reserved).stream().map(Message::draft).toList();
        return new Loaded(context, systemText, history, List.of());
    }

    /** Which of a client's earlier messages a new session keeps (see {@link SessionChoice.StartNewFromTranscript}). */
    private static boolean seeds(SessionChoice choice, Role role) {
        if (choice instanceof SessionChoice.StartNewFromTranscript) {
            return role == Role.USER || role == Role.ASSISTANT;
        }
        return role == Role.SYSTEM || role == Role.ASSISTANT;
    }

    private TurnContext resolve(Chatbot chatbot, PromptCommand command) {
        SessionChoice choice = command.session();
        if (choice instanceof SessionChoice.Existing existing) {
            return read(chatbot, existing.key())
                    .orElseThrow(() -> PromptException.notFound("session not found for chatbot " + chatbot.name()
                            + "; request a configuration object to start a new one"));
        }
        if (choice instanceof SessionChoice.LatestOfClient latest) {
            Optional<Session> found = sessions.findLatestByClientId(chatbot.id(), latest.clientId());
            if (found.isPresent()) {
                // Read again with its context in one go; a session deleted meanwhile is replaced like a missing one.
                Optional<TurnContext> context = read(chatbot, found.get().key());
                if (context.isPresent()) {
                    return context.get();
                }
            }
            return fresh(create(chatbot, command.client().withClientId(latest.clientId())));
        }
        return fresh(create(chatbot, command.client()));
    }

    private Optional<TurnContext> read(Chatbot chatbot, SessionKey key) {
        // One more than the window holds: the first system message may be among them and is pinned separately.
        return sessions.loadTurnContext(chatbot.id(), key, Role.MODEL_ROLES, settings.contextMaxMessages() + 1);
    }

    private static TurnContext fresh(Session session) {
        return new TurnContext(session, Optional.empty(), List.of());
    }

    private Session create(Chatbot chatbot, ClientInfo client) {
        return sessions.create(new NewSession(SessionKey.random(random), chatbot.id(), client, clock.instant()));
    }
}
