package sh.smarter.prompt.core.chatconfig;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import sh.smarter.prompt.core.access.ChatbotAccess;
import sh.smarter.prompt.core.access.SessionOwners;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.prompt.PromptSettings;
import sh.smarter.prompt.core.prompt.SystemRoles;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewSession;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionHistory;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.core.session.TurnStore;

/** Serves the configuration object, minting a session when the client has none for this chatbot. */
public final class ChatConfigService implements ServeChatConfigUseCase {
    private static final Set<Role> ALL_ROLES = EnumSet.allOf(Role.class);

    private final ChatbotLookup lookup;
    private final ChatbotAccess access;
    private final TurnStore sessions;
    private final SessionHistory sessionHistory;
    private final SecureRandom random;
    private final Clock clock;
    private final PromptSettings settings;

    public ChatConfigService(ChatbotLookup lookup, TurnStore sessions, SessionHistory history, SecureRandom random,
                             Clock clock, PromptSettings settings) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.access = new ChatbotAccess(lookup);
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.sessionHistory = Objects.requireNonNull(history, "history");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ChatConfig chatConfig(ChatConfigQuery query) {
        Chatbot chatbot = access.forUse(query.chatbot(), query.principal());
        Account account = lookup.findAccount(chatbot.accountId())
                .orElseThrow(() -> PromptException.notFound("chatbot " + chatbot.name() + " not found"));
        Optional<Session> existing;
        if (query.newSession()) {
            existing = Optional.empty();
        } else if (query.sessionKey() != null) {
            existing = sessionHistory.find(chatbot.id(), query.sessionKey());
        } else if (query.client().clientId() != null) {
            // A named client (a CLI user) without a key continues its latest conversation.
            existing = sessions.findLatestByClientId(chatbot.id(), query.client().clientId());
        } else {
            existing = Optional.empty();
        }
        Session session = existing.orElseGet(() -> sessions.create(
                new NewSession(SessionKey.random(random), chatbot.id(),
                SessionOwners.stamped(query.client(), query.principal()), clock.instant())));

        int limit = settings.historyLimit();
        List<Message> history = List.of();
        boolean hasMore = false;
        List<ToolExecution> tools = List.of();
        var exchanges = List.<sh.smarter.prompt.core.session.ProviderExchange>of();
        var selections = List.<sh.smarter.prompt.core.session.PluginSelection>of();
        if (!session.isEmpty()) {
            // One extra row tells whether older messages exist without counting them all.
            List<Message> newest = sessionHistory.recentMessages(session.id(), ALL_ROLES, limit + 1);
            hasMore = newest.size() > limit;
            history = hasMore ? newest.subList(1, newest.size()) : newest;
            tools = sessionHistory.recentToolExecutions(session.id(), limit);
            exchanges = sessionHistory.recentProviderExchanges(session.id(), settings.requestHistoryLimit());
            selections = sessionHistory.recentPluginSelections(session.id(), limit);
        }
        List<Plugin> plugins = new ArrayList<>();
        for (String name : chatbot.plugins()) {
            lookup.findPlugin(chatbot.accountId(), name).ifPresent(plugins::add);
        }
        return new ChatConfig(chatbot, account, SystemRoles.withDateLine(chatbot, clock.instant()), session,
                existing.isEmpty(), history, hasMore, tools,
                tools.stream().filter(ToolExecution::isPluginUsage).toList(), exchanges, selections, plugins,
                chatbot.functions(), ChatbotAccess.isRestricted(chatbot));
    }
}
