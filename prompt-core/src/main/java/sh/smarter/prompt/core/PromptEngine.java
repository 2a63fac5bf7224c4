package sh.smarter.prompt.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import sh.smarter.prompt.core.access.ApiKeys;
import sh.smarter.prompt.core.access.ChatbotDirectory;
import sh.smarter.prompt.core.access.FindAccountsUseCase;
import sh.smarter.prompt.core.access.FindChatbotsUseCase;
import sh.smarter.prompt.core.access.ListChatbotsUseCase;
import sh.smarter.prompt.core.access.ManageApiKeysUseCase;
import sh.smarter.prompt.core.access.ResourceFinder;
import sh.smarter.prompt.core.chatconfig.ChatConfigService;
import sh.smarter.prompt.core.chatconfig.ServeChatConfigUseCase;
import sh.smarter.prompt.core.event.PromptEventListener;
import sh.smarter.prompt.core.health.CheckHealthUseCase;
import sh.smarter.prompt.core.health.StorageHealth;
import sh.smarter.prompt.core.metrics.MeasuredPrompts;
import sh.smarter.prompt.core.metrics.MeasuredProvider;
import sh.smarter.prompt.core.metrics.TurnMetrics;
import sh.smarter.prompt.core.plugintarget.PluginTargets;
import sh.smarter.prompt.core.plugintarget.ProviderKeyCheck;
import sh.smarter.prompt.core.prompt.HandlePromptUseCase;
import sh.smarter.prompt.core.prompt.PromptService;
import sh.smarter.prompt.core.prompt.PromptSettings;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resourceadmin.ManageResourcesUseCase;
import sh.smarter.prompt.core.resourceadmin.ResourceService;
import sh.smarter.prompt.core.session.SessionHistory;
import sh.smarter.prompt.core.session.SessionMaintenance;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.core.session.TokenUsageTotals;
import sh.smarter.prompt.core.session.TurnStore;
import sh.smarter.prompt.core.sessionadmin.ManageSessionsUseCase;
import sh.smarter.prompt.core.sessionadmin.SessionAdminService;
import sh.smarter.prompt.core.tool.ApiPluginExecutor;
import sh.smarter.prompt.core.tool.BuiltInFunction;
import sh.smarter.prompt.core.tool.Calculator;
import sh.smarter.prompt.core.tool.CurrentWeather;
import sh.smarter.prompt.core.tool.DateCalculator;
import sh.smarter.prompt.core.tool.PluginRunner;
import sh.smarter.prompt.core.tool.SqlPluginExecutor;
import sh.smarter.prompt.core.tool.WeatherService;

/**
 * The use cases wired to their ports: what an embedding program, the HTTP server and the CLI hold. Built with
 * plain constructors through {@link #builder()}; no framework, no global state.
 *
 * <pre>{@code
 * PromptEngine engine = PromptEngine.builder()
 *         .sessionStore(new InMemorySessionStore())   // or .turnStore(..).sessionHistory(..) and the other two
 *         .resourceCatalog(new InMemoryResourceCatalog())
 *         .chatCompletionProvider(provider)
 *         .build();
 * PromptResult result = engine.prompts().handle(command);
 * }</pre>
 */
public final class PromptEngine {
    private final SessionStore sessionStore;
    private final ResourceCatalog resourceCatalog;
    private final HandlePromptUseCase prompts;
    private final ServeChatConfigUseCase chatConfigs;
    private final ManageSessionsUseCase sessions;
    private final ManageResourcesUseCase resources;
    private final ManageApiKeysUseCase apiKeys;
    private final ListChatbotsUseCase chatbots;
    private final ResourceFinder finder;
    private final CheckHealthUseCase health;
    private final Clock clock;

    private PromptEngine(Builder b) {
        TurnStore turns = Objects.requireNonNull(b.turns, "turnStore");
        SessionHistory history = Objects.requireNonNull(b.history, "sessionHistory");
        SessionMaintenance maintenance = Objects.requireNonNull(b.maintenance, "sessionMaintenance");
        TokenUsageTotals usage = Objects.requireNonNull(b.usage, "tokenUsageTotals");
        this.sessionStore = b.turns instanceof SessionStore all && all == b.history && all == b.maintenance
                && all == b.usage ? all : SessionStore.of(turns, history, maintenance, usage);
        this.resourceCatalog = Objects.requireNonNull(b.resourceCatalog, "resourceCatalog");
        Objects.requireNonNull(b.provider, "chatCompletionProvider");
        this.clock = b.clock;
        List<BuiltInFunction> functions = new ArrayList<>(List.of(new Calculator(), new DateCalculator()));
        if (b.weather != null) {
            functions.add(new CurrentWeather(b.weather));
        }
        functions.addAll(b.extraFunctions);
        PluginRunner pluginRunner = new PluginRunner(resourceCatalog, b.sqlExecutor, b.apiExecutor, b.pluginTargets);
        // Without metrics the use case is the service itself: no wrapper on the turn's path.
        boolean measured = b.metrics != TurnMetrics.NONE;
        // The key check sits right in front of the adapter: every call, tool rounds included, passes it.
        ChatCompletionProvider checked = new ProviderKeyCheck(b.provider, b.pluginTargets);
        HandlePromptUseCase service = new PromptService(resourceCatalog, turns, usage,
                measured ? new MeasuredProvider(checked, b.metrics) : checked, functions, pluginRunner,
                PromptEventListener.all(b.listeners), b.random, b.clock, b.settings);
        this.prompts = measured ? new MeasuredPrompts(service, b.metrics) : service;
        this.chatConfigs = new ChatConfigService(resourceCatalog, turns, history, b.random, b.clock, b.settings);
        this.sessions = new SessionAdminService(resourceCatalog, history, maintenance);
        this.resources = new ResourceService(resourceCatalog, b.clock, b.pluginTargets);
        this.apiKeys = new ApiKeys(resourceCatalog, resourceCatalog, b.random, b.clock);
        this.chatbots = new ChatbotDirectory(resourceCatalog);
        this.finder = new ResourceFinder(resourceCatalog, resourceCatalog);
        this.health = new StorageHealth(turns);
    }

    public static Builder builder() {
        return new Builder();
    }

    public HandlePromptUseCase prompts() {
        return prompts;
    }

    public ServeChatConfigUseCase chatConfigs() {
        return chatConfigs;
    }

    public ManageSessionsUseCase sessions() {
        return sessions;
    }

    public ManageResourcesUseCase resources() {
        return resources;
    }

    public ManageApiKeysUseCase apiKeys() {
        return apiKeys;
    }

    public ListChatbotsUseCase chatbots() {
        return chatbots;
    }

    /** Chatbots by name or account, for adapters that resolve one before calling another use case. */
    public FindChatbotsUseCase findChatbots() {
        return finder;
    }

    public FindAccountsUseCase findAccounts() {
        return finder;
    }

    public CheckHealthUseCase health() {
        return health;
    }

    /** The session ports this engine was built with, as one object: for the composition root, not for adapters. */
    public SessionStore sessionStore() {
        return sessionStore;
    }

    /** The resource ports this engine was built with: for the composition root, not for adapters. */
    public ResourceCatalog resourceCatalog() {
        return resourceCatalog;
    }

    public Clock clock() {
        return clock;
    }

    public static final class Builder {
        private TurnStore turns;
        private SessionHistory history;
        private SessionMaintenance maintenance;
        private TokenUsageTotals usage;
        private ResourceCatalog resourceCatalog;
        private ChatCompletionProvider provider;
        private WeatherService weather;
        private SqlPluginExecutor sqlExecutor;
        private ApiPluginExecutor apiExecutor;
        private final List<BuiltInFunction> extraFunctions = new ArrayList<>();
        private final List<PromptEventListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private PromptSettings settings = PromptSettings.DEFAULTS;
        private PluginTargets pluginTargets = PluginTargets.defaults();
        private TurnMetrics metrics = TurnMetrics.NONE;

        private Builder() {
        }

        /** What SQL and API plugins may reach; MySQL and MariaDB on public addresses unless the operator widens it. */
        public Builder pluginTargets(PluginTargets value) {
            this.pluginTargets = Objects.requireNonNull(value, "pluginTargets");
            return this;
        }

        /** All four session ports from one object (one storage); the setters below override single ports. */
        public Builder sessionStore(SessionStore value) {
            this.turns = value;
            this.history = value;
            this.maintenance = value;
            this.usage = value;
            return this;
        }

        /** Where a prompt turn reads its context and appends itself. */
        public Builder turnStore(TurnStore value) {
            this.turns = value;
            return this;
        }

        /** Where stored sessions are read back (the configuration object, session administration, logs). */
        public Builder sessionHistory(SessionHistory value) {
            this.history = value;
            return this;
        }

        /** What deletes and prunes sessions. */
        public Builder sessionMaintenance(SessionMaintenance value) {
            this.maintenance = value;
            return this;
        }

        /** The token totals that daily budgets read. */
        public Builder tokenUsageTotals(TokenUsageTotals value) {
            this.usage = value;
            return this;
        }

        public Builder resourceCatalog(ResourceCatalog value) {
            this.resourceCatalog = value;
            return this;
        }

        public Builder chatCompletionProvider(ChatCompletionProvider value) {
            this.provider = value;
            return this;
        }

        /** Enables the {@code get_current_weather} built-in. */
        public Builder weatherService(WeatherService value) {
            this.weather = value;
            return this;
        }

        /** Enables SQL plugins. */
        public Builder sqlPluginExecutor(SqlPluginExecutor value) {
            this.sqlExecutor = value;
            return this;
        }

        /** Enables API plugins. */
        public Builder apiPluginExecutor(ApiPluginExecutor value) {
            this.apiExecutor = value;
            return this;
        }

        /** A built-in function of the embedding program's own, offered to chatbots that list its name. */
        public Builder function(BuiltInFunction value) {
            this.extraFunctions.add(Objects.requireNonNull(value, "function"));
            return this;
        }

        public Builder listener(PromptEventListener value) {
            this.listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** Measures every turn and provider call (in flight, duration, outcome, tokens) for an operator. */
        public Builder turnMetrics(TurnMetrics value) {
            this.metrics = Objects.requireNonNull(value, "turnMetrics");
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public Builder random(SecureRandom value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        public Builder settings(PromptSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        public PromptEngine build() {
            return new PromptEngine(this);
        }
    }
}
