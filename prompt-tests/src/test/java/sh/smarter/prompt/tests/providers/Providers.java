package sh.smarter.prompt.tests.providers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.providers.openai.OpenAiSettings;

/** Shared set-up of the provider tests: short timeouts and backoffs so the suite stays fast. */
final class Providers {
    static final String KEY = "sk-test-4f9d2c7a1b8e6f30-KEYTAIL";
    static final String KEY_VARIABLE = "FAKE_PROVIDER_API_KEY";

    static final OpenAiSettings FAST = OpenAiSettings.DEFAULTS
            .withConnectTimeout(Duration.ofSeconds(2))
            .withRequestTimeout(Duration.ofSeconds(3))
            .withMaxAttempts(3)
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
            .withMaxRetryAfter(Duration.ofSeconds(5));

    private Providers() {
    }

    /** An adapter that reads {@link #KEY} from {@link #KEY_VARIABLE} and nothing else from the environment. */
    static OpenAiCompatibleProvider adapter(OpenAiSettings settings) {
        return new OpenAiCompatibleProvider(settings, Map.of(KEY_VARIABLE, KEY)::get);
    }

    static OpenAiCompatibleProvider adapter() {
        return adapter(FAST);
    }

    /** A provider named "fake" at this base URL whose key comes from {@link #KEY_VARIABLE}. */
    static ProviderSettings provider(String baseUrl) {
        return new ProviderSettings(0, 0, "fake", baseUrl, Secret.env(KEY_VARIABLE), "fake-model", true,
                Instant.EPOCH, Instant.EPOCH);
    }

    static ChatRequest simpleRequest(String userText) {
        return new ChatRequest("gpt-4o-mini", List.of(NewMessage.system("You are terse."), NewMessage.user(userText)),
                0.5, 256, List.of());
    }
}
