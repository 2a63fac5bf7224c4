package sh.smarter.prompt.cli.wiring;

import java.util.Map;
import java.util.Objects;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.provider.CompletionStreamListener;
import sh.smarter.prompt.core.resource.ProviderPresets;
import sh.smarter.prompt.core.resource.ProviderSettings;

/**
 * Sends a built-in provider ({@code openai}, {@code googleai}, {@code metaai}) to another base URL when the
 * installation says so ({@code OPENAI_BASE_URL} and the like): a proxy, a gateway, or a test double. Providers that an
 * account defined in a manifest keep their own URL.
 */
final class PresetBaseUrls implements ChatCompletionProvider {
    private final ChatCompletionProvider delegate;
    private final Map<String, String> baseUrlByPreset;

    PresetBaseUrls(ChatCompletionProvider delegate, Map<String, String> baseUrlByPreset) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.baseUrlByPreset = Map.copyOf(baseUrlByPreset);
    }

    @Override
    public ChatCompletion complete(ProviderSettings provider, ChatRequest request) {
        return delegate.complete(redirected(provider), request);
    }

    @Override
    public ChatCompletion stream(ProviderSettings provider, ChatRequest request, CompletionStreamListener listener) {
        return delegate.stream(redirected(provider), request, listener);
    }

    private ProviderSettings redirected(ProviderSettings provider) {
        String baseUrl = baseUrlByPreset.get(provider.name());
        // A stored provider has an account; the presets have none (account 0) and are the only ones redirected.
        if (baseUrl == null || provider.accountId() != 0 || ProviderPresets.find(provider.name()).isEmpty()) {
            return provider;
        }
        return new ProviderSettings(provider.id(), provider.accountId(), provider.name(), baseUrl, provider.apiKey(),
                provider.defaultModel(), provider.apiKeyRequired(), provider.createdAt(), provider.updatedAt());
    }
}
