package sh.smarter.prompt.core.prompt;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import sh.smarter.prompt.core.access.ChatbotAccess;
import sh.smarter.prompt.core.budget.DailyTokenBudgets;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.LimitReachedException;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.event.PromptEvent;
import sh.smarter.prompt.core.event.PromptEventListener;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.session.IdempotencyKey;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.TokenUsageTotals;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.core.session.TurnIdempotency;
import sh.smarter.prompt.core.session.TurnStore;
import sh.smarter.prompt.core.tool.BuiltInFunction;
import sh.smarter.prompt.core.tool.PluginRunner;

/**
 * The prompt turn (SPEC section 6), composed of its steps: {@link ContextLoading} (chatbot session and what the
 * model sees of it), {@link ToolOffering} (plugins and tools), {@link ProviderCalling} round by round with
 * {@link ToolRunning} between rounds, then {@link TurnAppending} stores the whole turn in one append.
 */
public final class PromptService implements HandlePromptUseCase {
    private final ChatbotAccess access;
    private final PromptEventListener events;
    private final Clock clock;
    private final PromptSettings settings;
    private final DailyTokenBudgets budgets;
    private final IdempotentTurns idempotentTurns;
    private final ContextLoading contextLoading;
    private final ToolOffering toolOffering;
    private final ProviderCalling providerCalling;
    private final ToolRunning toolRunning;
    private final TurnAppending turnAppending;

    public PromptService(ChatbotLookup lookup, TurnStore sessions, TokenUsageTotals usage,
                         ChatCompletionProvider provider,
                         List<BuiltInFunction> functions, PluginRunner plugins, PromptEventListener events,
                         SecureRandom random, Clock clock, PromptSettings settings) {
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(sessions, "sessions");
        this.access = new ChatbotAccess(lookup);
        this.events = events == null ? PromptEventListener.NONE : events;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.budgets = new DailyTokenBudgets(lookup, usage);
        this.idempotentTurns = new IdempotentTurns(sessions, lookup, clock, this::run);
        this.contextLoading = new ContextLoading(sessions, random, clock, settings);
        this.toolOffering = new ToolOffering(lookup, functions, clock);
        this.providerCalling = new ProviderCalling(lookup, provider, clock);
        this.toolRunning = new ToolRunning(plugins, clock);
        this.turnAppending = new TurnAppending(sessions, this.events, clock);
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
        TurnInProgress turn = new TurnInProgress(turnId, clock.instant(), chatbot, session, command.inputText(),
                safeListener);
        events.on(new PromptEvent.PromptStarted(turn.id, chatbot.id(), session.key(), command.inputText(),
                turn.startedAt));

        turn.add(NewMessage.user(command.inputText()));
        Optional<LimitReachedException> overBudget = budgets.refusal(chatbot, turn.startedAt);
        if (overBudget.isPresent()) {
            return refuse(command, turn, conversation, overBudget.get());
        }

        ToolOffering.Offer offer = toolOffering.offer(chatbot, conversation.systemText(), turn);
        OfferedTools tools = offer.tools();
        List<NewMessage> context = new ArrayList<>();
        context.add(NewMessage.system(CurrentDateLine.on(offer.systemText(), clock.instant())));
        context.addAll(conversation.history());
        context.add(NewMessage.user(command.inputText()));

        turn.add(NewMessage.smarter(StatusLines.configuration(chatbot.provider(), offer.model(), offer.temperature(),
                offer.maxTokens(), !tools.isEmpty())));
        if (!tools.isEmpty()) {
            turn.add(NewMessage.smarter(StatusLines.toolsPresented(tools.definitions())));
        }

        ChatCompletion last = null;
        PromptException failure = null;
        try {
            ProviderSettings providerSettings = providerCalling.resolve(chatbot);
            for (int round = 1; ; round++) {
                ChatRequest request = new ChatRequest(offer.model(), context, offer.temperature(), offer.maxTokens(),
                        tools.definitions());
                last = providerCalling.call(providerSettings, request, round, turn);
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
                        NewMessage result = ToolRunning.notRun(call);
                        context.add(result);
                        turn.add(result);
                    }
                    String text = StatusLines.roundLimit(settings.maxToolRounds());
                    turn.add(NewMessage.smarterError(text));
                    failure = new PromptException(ErrorKind.TOOL_ROUND_LIMIT, "SmarterToolRoundLimit", text);
                    break;
                }
                for (ToolCall call : last.toolCalls()) {
                    NewMessage result = toolRunning.run(call, tools, chatbot.provider(), turn);
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
            toStore = toStore.withIdempotency(new TurnIdempotency(idempotencyKey, TurnReplay.outcome(failure,
                    offer.model(), offer.temperature(), offer.maxTokens(), tools.names())));
        }
        TurnAppending.Appended appended = turnAppending.append(conversation.context(), toStore, turn, failure);

        // The final completion is the last provider answer; after a provider failure there is none.
        return new PromptResult(chatbot, appended.session(), turn.id, Optional.ofNullable(last), turn.exchanges,
                turn.toolCalls, offer.model(), offer.temperature(), offer.maxTokens(), command.inputText(),
                chatbot.plugins(), tools.names(), appended.created(), Optional.ofNullable(failure));
    }

    /** A turn a budget refuses: the user's message and the reason are stored; the provider is not called. */
    private PromptResult refuse(PromptCommand command, TurnInProgress turn, ContextLoading.Loaded conversation,
                                LimitReachedException reason) {
        Chatbot chatbot = turn.chatbot;
        turn.add(NewMessage.smarterError(reason.getMessage()));
        TurnAppending.Appended appended = turnAppending.append(turn.session, turn.toTurn(conversation.seed()), turn,
                reason);
        return new PromptResult(chatbot, appended.session(), turn.id, Optional.empty(), turn.exchanges,
                turn.toolCalls, chatbot.defaultModel(), chatbot.defaultTemperature(), chatbot.defaultMaxTokens(),
                command.inputText(), chatbot.plugins(), List.of(), appended.created(), Optional.of(reason));
    }
}
