package sh.smarter.prompt.core.prompt;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.ProviderPresets;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.TokenUsage;

/**
 * One provider round of a turn: the call (streamed when the caller listens) and its record in the turn, whether
 * it answered or failed.
 */
final class ProviderCalling {
    private static final System.Logger LOG = System.getLogger(ProviderCalling.class.getName());

    private final ChatbotLookup lookup;
    private final ChatCompletionProvider provider;
    private final Clock clock;

    ProviderCalling(ChatbotLookup lookup, ChatCompletionProvider provider, Clock clock) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The chatbot's provider: the account's Provider resource, else a preset of that name. */
    ProviderSettings resolve(Chatbot chatbot) {
        return lookup.findProvider(chatbot.accountId(), chatbot.provider())
                .or(() -> ProviderPresets.find(chatbot.provider()))
                .orElseThrow(() -> ProviderException.misconfigured(chatbot.provider(), "provider "
                        + chatbot.provider() + " is not configured; apply a Provider manifest or use openai, "
                        + "googleai or metaai"));
    }

    /**
     * Calls the provider and records the exchange in the turn.
     *
     * @throws ProviderException when the call fails; the failed exchange is recorded first
     */
    ChatCompletion call(ProviderSettings providerSettings, ChatRequest request, int round, TurnInProgress turn) {
        Instant at = clock.instant();
        long start = System.nanoTime();
        try {
            ChatCompletion completion = turn.listener.streaming()
                    ? provider.stream(providerSettings, request, turn.listener::onDelta)
                    : provider.complete(providerSettings, request);
            turn.exchanges.add(new ProviderExchange(turn.id, round, providerSettings.name(), request.model(),
                    request.toJson(), completion.raw(), completion.usage(), millisSince(start), null, at,
                    request.writtenBody().orElse(null)));
            turn.usage = turn.usage.plus(completion.usage());
            return completion;
        } catch (ProviderException e) {
            turn.exchanges.add(new ProviderExchange(turn.id, round, providerSettings.name(), request.model(),
                    request.toJson(), null, TokenUsage.NONE, millisSince(start), e.getMessage(), at,
                    request.writtenBody().orElse(null)));
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

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
