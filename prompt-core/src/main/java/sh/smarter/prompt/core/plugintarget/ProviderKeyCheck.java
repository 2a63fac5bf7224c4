package sh.smarter.prompt.core.plugintarget;

import java.util.Objects;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.provider.CompletionStreamListener;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.core.resource.ProviderSettings;

/**
 * Checks rule {@code secret-env} for the provider before each call, so that a Provider stored before the rule
 * existed, or applied under wider settings, does not send an environment variable's value to a host the operator
 * did not bind it to. The adapter is not called then; the turn fails as a misconfigured provider.
 */
public final class ProviderKeyCheck implements ChatCompletionProvider {
    private final ChatCompletionProvider adapter;
    private final PluginTargets targets;

    public ProviderKeyCheck(ChatCompletionProvider adapter, PluginTargets targets) {
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.targets = Objects.requireNonNull(targets, "targets");
    }

    @Override
    public ChatCompletion complete(ProviderSettings provider, ChatRequest request) {
        return adapter.complete(checked(provider), request);
    }

    @Override
    public ChatCompletion stream(ProviderSettings provider, ChatRequest request, CompletionStreamListener listener) {
        return adapter.stream(checked(provider), request, listener);
    }

    private ProviderSettings checked(ProviderSettings provider) {
        targets.checkProvider(provider).ifPresent(refusal -> {
            throw ProviderException.misconfigured(provider.name(), "provider " + provider.name()
                    + " cannot be used: " + refusal.message());
        });
        return provider;
    }
}
