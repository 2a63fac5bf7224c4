package sh.smarter.prompt.core.prompt;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import sh.smarter.prompt.core.access.ChatbotAccess;
import sh.smarter.prompt.core.budget.DailyTokenBudgets;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.LimitReachedException;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.event.PromptEvent;
import sh.smarter.prompt.core.event.PromptEventListener;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonParseException;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.provider.CompletionStreamListener;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.core.provider.ToolDefinition;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.ProviderPresets;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.session.AppendedTurn;
import sh.smarter.prompt.core.session.IdempotencyKey;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.TokenUsageTotals;
import sh.smarter.prompt.core.session.TurnStore;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.core.session.TurnIdempotency;
import sh.smarter.prompt.core.tool.BuiltInFunction;
import sh.smarter.prompt.core.tool.PluginRunner;
import sh.smarter.prompt.core.tool.PluginToolName;

/**
 * The prompt turn (SPEC section 6): resolve chatbot and session, build the context, select plugins, offer tools,
 * call the provider, run tool calls round by round, then store the whole turn in one append.
 */
public final class PromptService implements HandlePromptUseCase {
    private static final System.Logger LOG = System.getLogger(PromptService.class.getName());
    private static final int TITLE_LENGTH = 80;

    private final ChatbotAccess access;
    private final ResourceCatalog catalog;
    private final TurnStore sessions;
    private final ChatCompletionProvider provider;
    private final Map<String, BuiltInFunction> functions;
    private final PluginRunner plugins;
    private final PromptEventListener events;
    private final Clock clock;
    private final PromptSettings settings;
    private final ContextLoading contextLoading;
    private final IdempotentTurns idempotentTurns;
    private final DailyTokenBudgets budgets;

    public PromptService(ResourceCatalog catalog, TurnStore sessions, TokenUsageTotals usage,
                         ChatCompletionProvider provider,
                         List<BuiltInFunction> functions, PluginRunner plugins, PromptEventListener events,
                         SecureRandom random, Clock clock, PromptSettings settings) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.access = new ChatbotAccess(catalog);
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.provider = Objects.requireNonNull(provider, "provider");
        Map<String, BuiltInFunction> byName = new LinkedHashMap<>();
        functions.forEach(f -> byName.put(f.name(), f));
        this.functions = Map.copyOf(byName);
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.events = events == null ? PromptEventListener.NONE : events;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.contextLoading = new ContextLoading(sessions, random, clock, settings);
        this.idempotentTurns = new IdempotentTurns(sessions, catalog, clock, this::run);
        this.budgets = new DailyTokenBudgets(catalog, usage);
    }

    @Override
    public PromptResult handle(PromptCommand command) {
        return handle(command, PromptStreamListener.NONE);
    }

    @Override
    public PromptResult handle(PromptCommand command, PromptStreamListener listener) {
        return run(command, listener, UUID.randomUUID().toString(), null);
    }

    @Override
    public PromptResult handle(PromptCommand command, Idempotency idempotency, PromptStreamListener listener) {
        Chatbot chatbot = access.forUse(command.chatbot(), command.principal());
        return idempotentTurns.handle(chatbot, command, idempotency,
                listener == null ? PromptStreamListener.NONE : listener);
    }

    /** One turn with the given id; under an idempotency key (or null) that its append marks done. */
    private PromptResult run(PromptCommand command, PromptStreamListener listener, String turnId,
                             IdempotencyKey idempotencyKey) {
        Chatbot chatbot = access.forUse(command.chatbot(), command.principal());
        ContextLoading.Loaded conversation = contextLoading.load(chatbot, command);
        Session session = conversation.session();
        SafeListener safeListener = new SafeListener(listener);
        safeListener.onSession(session);
        TurnInProgress turn = new TurnInProgress(turnId, chatbot, session, command.inputText(), safeListener);
        events.on(new PromptEvent.PromptStarted(turn.id, chatbot.id(), session.key(), command.inputText(),
                turn.startedAt));

        turn.add(NewMessage.user(command.inputText()));
        Optional<LimitReachedException> overBudget = budgets.refusal(chatbot, turn.startedAt);
        if (overBudget.isPresent()) {
            return refuse(command, turn, conversation, overBudget.get());
        }

        List<Plugin> selected = selectPlugins(chatbot, command.inputText(), turn);
        String systemText = conversation.systemText();
        String model = chatbot.defaultModel();
        double temperature = chatbot.defaultTemperature();
        int maxTokens = chatbot.defaultMaxTokens();
        boolean overridden = false;
        for (Plugin plugin : selected) {
            var prompt = plugin.prompt();
            if (prompt.systemRoleText().isPresent()) {
                systemText = SystemRoles.withPluginRole(systemText, prompt.systemRole());
            }
            // The first selected plugin that overrides the model settings wins; later ones only add their role.
            if (!overridden && (prompt.model() != null || prompt.temperature() != null || prompt.maxTokens() != null)) {
                model = prompt.modelName().orElse(model);
                temperature = prompt.temperatureValue().orElse(temperature);
                maxTokens = prompt.maxTokensValue().orElse(maxTokens);
                overridden = true;
            }
        }
        Tools tools = offerTools(chatbot, selected);

        List<NewMessage> context = new ArrayList<>();
        context.add(NewMessage.system(CurrentDateLine.on(systemText, clock.instant())));
        context.addAll(conversation.history());
        context.add(NewMessage.user(command.inputText()));

        turn.add(NewMessage.smarter(StatusLines.configuration(chatbot.provider(), model, temperature, maxTokens,
                !tools.definitions.isEmpty())));
        if (!tools.definitions.isEmpty()) {
            turn.add(NewMessage.smarter(StatusLines.toolsPresented(tools.definitions)));
        }

        ChatCompletion last = null;
        PromptException failure = null;
        try {
            ProviderSettings providerSettings = resolveProvider(chatbot);
            for (int round = 1; ; round++) {
                ChatRequest request = new ChatRequest(model, context, temperature, maxTokens, tools.definitions);
                last = call(providerSettings, request, round, turn);
                NewMessage answer = NewMessage.assistant(last.content(), last.toolCalls());
                context.add(answer);
                turn.add(answer);
                turn.add(NewMessage.smarter(StatusLines.charges(chatbot.provider(), last.usage())));
                if (!last.requestsTools()) {
                    break;
                }
                if (round > settings.maxToolRounds()) {
                    // Answer every requested call so the stored history stays valid for the next turn.
                    for (ToolCall call : last.toolCalls()) {
                        NewMessage result = NewMessage.toolResult(call.id(), call.name(),
                                BuiltInFunction.error("not run: tool round limit reached").toJson());
                        context.add(result);
                        turn.add(result);
                    }
                    String text = StatusLines.roundLimit(settings.maxToolRounds());
                    turn.add(NewMessage.smarterError(text));
                    failure = new PromptException(ErrorKind.TOOL_ROUND_LIMIT, "SmarterToolRoundLimit", text);
                    break;
                }
                for (ToolCall call : last.toolCalls()) {
                    NewMessage result = runTool(call, tools, chatbot.provider(), turn);
                    context.add(result);
                    turn.add(result);
                }
            }
        } catch (PromptException e) {
            if (!(e instanceof ProviderException) && e.kind() != ErrorKind.CONFIGURATION) {
                throw e;
            }
            failure = e;
            last = null;
            turn.add(NewMessage.smarterError(StatusLines.providerFailed(chatbot.provider(), e.getMessage())));
        }

        Turn toStore = turn.toTurn(conversation.seed());
        if (idempotencyKey != null) {
            toStore = toStore.withIdempotency(new TurnIdempotency(idempotencyKey, TurnReplay.outcome(failure, model,
                    temperature, maxTokens, tools.definitions.stream().map(ToolDefinition::name).toList())));
        }
        AppendedTurn appended = sessions.appendTurn(conversation.context(), toStore);
        List<Message> stored = appended.messages();
        List<Message> created = stored.subList(stored.size() - turn.messages.size(), stored.size());
        publishAfterStore(chatbot, appended.session(), turn, failure);

        // The final completion is the last provider answer; after a provider failure there is none.
        Optional<ChatCompletion> finalCompletion = Optional.ofNullable(last);
        return new PromptResult(chatbot, appended.session(), turn.id, finalCompletion, turn.exchanges,
                turn.toolCalls, model, temperature, maxTokens, command.inputText(),
                chatbot.plugins(), tools.definitions.stream().map(ToolDefinition::name).toList(), created,
                Optional.ofNullable(failure));
    }

    /** A turn a budget refuses: the user's message and the reason are stored; the provider is not called. */
    private PromptResult refuse(PromptCommand command, TurnInProgress turn, ContextLoading.Loaded conversation,
                                LimitReachedException reason) {
        Chatbot chatbot = turn.chatbot;
        turn.add(NewMessage.smarterError(reason.getMessage()));
        AppendedTurn appended = sessions.appendTurn(turn.session, turn.toTurn(conversation.seed()));
        List<Message> stored = appended.messages();
        List<Message> created = stored.subList(stored.size() - turn.messages.size(), stored.size());
        publishAfterStore(chatbot, appended.session(), turn, reason);
        return new PromptResult(chatbot, appended.session(), turn.id, Optional.empty(), turn.exchanges,
                turn.toolCalls, chatbot.defaultModel(), chatbot.defaultTemperature(), chatbot.defaultMaxTokens(),
                command.inputText(), chatbot.plugins(), List.of(), created, Optional.of(reason));
    }

    private List<Plugin> selectPlugins(Chatbot chatbot, String input, TurnInProgress turn) {
        List<Plugin> selected = new ArrayList<>();
        for (String name : chatbot.plugins()) {
            Optional<Plugin> plugin = catalog.findPlugin(chatbot.accountId(), name);
            if (plugin.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "chatbot {0} lists plugin {1}, which does not exist",
                        chatbot.name(), name);
                continue;
            }
            Optional<String> reason = PluginMatcher.reasonSelected(plugin.get(), input);
            if (reason.isPresent()) {
                selected.add(plugin.get());
                turn.selections.add(new PluginSelection(turn.id, plugin.get().id(), plugin.get().name(), input,
                        reason.get(), clock.instant()));
                turn.add(NewMessage.smarter(StatusLines.pluginSelected(plugin.get().name(), reason.get())));
            }
        }
        return selected;
    }

    /** The tools offered in this turn: the chatbot's built-in functions, then the selected plugins. */
    private record Tools(List<ToolDefinition> definitions, Map<String, BuiltInFunction> functions,
                         Map<Long, Plugin> plugins) {
    }

    private Tools offerTools(Chatbot chatbot, List<Plugin> selected) {
        List<ToolDefinition> definitions = new ArrayList<>();
        Map<String, BuiltInFunction> offered = new LinkedHashMap<>();
        for (String name : chatbot.functions()) {
            BuiltInFunction function = functions.get(name);
            if (function == null) {
                LOG.log(System.Logger.Level.WARNING, "chatbot {0} lists function {1}, which this installation"
                        + " does not provide", chatbot.name(), name);
                continue;
            }
            offered.put(name, function);
            definitions.add(function.definition());
        }
        Map<Long, Plugin> byId = new LinkedHashMap<>();
        for (Plugin plugin : selected) {
            byId.put(plugin.id(), plugin);
            definitions.add(PluginRunner.definitionOf(plugin));
        }
        return new Tools(List.copyOf(definitions), offered, byId);
    }

    private ProviderSettings resolveProvider(Chatbot chatbot) {
        return catalog.findProvider(chatbot.accountId(), chatbot.provider())
                .or(() -> ProviderPresets.find(chatbot.provider()))
                .orElseThrow(() -> ProviderException.misconfigured(chatbot.provider(), "provider "
                        + chatbot.provider() + " is not configured; apply a Provider manifest or use openai, "
                        + "googleai or metaai"));
    }

    private ChatCompletion call(ProviderSettings providerSettings, ChatRequest request, int round,
                                TurnInProgress turn) {
        Instant at = clock.instant();
        long start = System.nanoTime();
        try {
            ChatCompletion completion = turn.listener.streaming()
                    ? provider.stream(providerSettings, request, turn.listener::onDelta)
                    : provider.complete(providerSettings, request);
            turn.exchanges.add(new ProviderExchange(turn.id, round, providerSettings.name(), request.model(),
                    request.toJson(), completion.raw(), completion.usage(), millisSince(start), null, at));
            turn.usage = turn.usage.plus(completion.usage());
            return completion;
        } catch (ProviderException e) {
            turn.exchanges.add(new ProviderExchange(turn.id, round, providerSettings.name(), request.model(),
                    request.toJson(), null, TokenUsage.NONE, millisSince(start), e.getMessage(), at));
            throw e;
        } catch (RuntimeException e) {
            // A bug in an adapter must not lose the user's message: treat it as a provider failure.
            LOG.log(System.Logger.Level.ERROR, "provider adapter failed unexpectedly", e);
            ProviderException failure = ProviderException.failed(providerSettings.name(), 0,
                    "provider " + providerSettings.name() + " failed unexpectedly");
            turn.exchanges.add(new ProviderExchange(turn.id, round, providerSettings.name(), request.model(),
                    request.toJson(), null, TokenUsage.NONE, millisSince(start), failure.getMessage(), at));
            throw failure;
        }
    }

    private NewMessage runTool(ToolCall call, Tools tools, String providerName, TurnInProgress turn) {
        Instant at = clock.instant();
        long start = System.nanoTime();
        Plugin plugin = null;
        Json arguments;
        Json result;
        try {
            arguments = Json.parse(call.arguments());
        } catch (JsonParseException e) {
            arguments = new JsonString(call.arguments());
        }
        turn.add(NewMessage.smarter(StatusLines.toolCalled(providerName, call.name(), call.arguments())));
        if (!(arguments instanceof JsonObject args)) {
            result = BuiltInFunction.error("arguments must be a JSON object");
        } else {
            BuiltInFunction function = tools.functions.get(call.name());
            OptionalLong pluginId = PluginToolName.parse(call.name());
            plugin = pluginId.isPresent() ? tools.plugins.get(pluginId.getAsLong()) : null;
            try {
                if (function != null) {
                    result = function.invoke(args);
                } else if (plugin != null) {
                    result = plugins.run(plugin, args);
                } else {
                    result = BuiltInFunction.error("unknown tool " + call.name() + "; offered: "
                            + String.join(", ", tools.definitions.stream().map(ToolDefinition::name).toList()));
                }
            } catch (PromptException e) {
                result = BuiltInFunction.error(e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "tool " + call.name() + " failed", e);
                result = BuiltInFunction.error("tool " + call.name() + " failed unexpectedly");
            }
        }
        String resultText = result.toJson();
        turn.toolCalls.add(new PromptResult.ToolCallSummary(call.name(), arguments, plugin));
        turn.executions.add(new ToolExecution(turn.id, call.id(), call.name(), call.arguments(), resultText,
                plugin == null ? null : plugin.id(), plugin == null ? null : plugin.name(), millisSince(start), at));
        return NewMessage.toolResult(call.id(), call.name(), resultText);
    }

    private void publishAfterStore(Chatbot chatbot, Session session, TurnInProgress turn, PromptException failure) {
        for (PluginSelection s : turn.selections) {
            events.on(new PromptEvent.PluginSelected(turn.id, s.pluginId(), s.pluginName(), s.reason(),
                    s.createdAt()));
        }
        for (ToolExecution t : turn.executions) {
            events.on(new PromptEvent.ToolCalled(turn.id, t.functionName(), t.arguments(), t.result(), t.pluginId(),
                    t.durationMillis(), t.createdAt()));
        }
        Instant now = clock.instant();
        if (failure != null) {
            events.on(new PromptEvent.ResponseFailed(turn.id, chatbot.id(), session.key(), failure.errorClass(),
                    failure.getMessage(), now));
        }
        events.on(new PromptEvent.PromptFinished(turn.id, chatbot.id(), session.key(), turn.exchanges.size(),
                turn.usage.promptTokens(), turn.usage.completionTokens(),
                Duration.between(turn.startedAt, now).toMillis(), now));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Collects what a turn produces until it is appended in one piece. */
    private final class TurnInProgress {
        final String id;
        final Instant startedAt = clock.instant();
        final Chatbot chatbot;
        final Session session;
        final String input;
        final SafeListener listener;
        final List<NewMessage> messages = new ArrayList<>();
        final List<ProviderExchange> exchanges = new ArrayList<>();
        final List<ToolExecution> executions = new ArrayList<>();
        final List<PluginSelection> selections = new ArrayList<>();
        final List<PromptResult.ToolCallSummary> toolCalls = new ArrayList<>();
        TokenUsage usage = TokenUsage.NONE;

        TurnInProgress(String id, Chatbot chatbot, Session session, String input, SafeListener listener) {
            this.id = id;
            this.chatbot = chatbot;
            this.session = session;
            this.input = input;
            this.listener = listener;
        }

        void add(NewMessage message) {
            messages.add(message);
            if (message.role() != Role.USER) {
                listener.onMessage(message);
            }
        }

        Turn toTurn(List<NewMessage> seed) {
            return new Turn(id, chatbot.id(), chatbot.accountId(), startedAt, seed, messages, exchanges, executions,
                    selections, usage, title(input));
        }
    }

    private static String title(String input) {
        String line = input.strip().lines().findFirst().orElse("").strip();
        return line.length() <= TITLE_LENGTH ? line : line.substring(0, TITLE_LENGTH - 1) + "…";
    }

    /** Forwards to the caller's listener until it fails once (a client that went away), then stays quiet. */
    private static final class SafeListener implements CompletionStreamListener {
        private final PromptStreamListener delegate;
        private volatile boolean gone;

        SafeListener(PromptStreamListener delegate) {
            this.delegate = delegate == null ? PromptStreamListener.NONE : delegate;
        }

        boolean streaming() {
            return delegate != PromptStreamListener.NONE;
        }

        @Override
        public void onContentDelta(String delta) {
            onDelta(delta);
        }

        void onDelta(String text) {
            if (!gone) {
                try {
                    delegate.onDelta(text);
                } catch (RuntimeException e) {
                    gone = true;
                }
            }
        }

        void onMessage(NewMessage message) {
            if (!gone) {
                try {
                    delegate.onMessage(message);
                } catch (RuntimeException e) {
                    gone = true;
                }
            }
        }

        void onSession(Session session) {
            if (!gone) {
                try {
                    delegate.onSession(session);
                } catch (RuntimeException e) {
                    gone = true;
                }
            }
        }
    }
}
