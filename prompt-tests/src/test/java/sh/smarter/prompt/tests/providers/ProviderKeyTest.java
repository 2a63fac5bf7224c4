package sh.smarter.prompt.tests.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.core.resource.ProviderPresets;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;

/** Where the API key comes from, what happens without one, and that it never leaks. */
class ProviderKeyTest {
    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_missing_key_is_a_configuration_error_at_call_time_that_says_which_variable_to_set() {
        ProviderSettings openai = ProviderPresets.find("openai").orElseThrow();
        // Building the adapter with an empty environment works: nothing is checked before a call.
        OpenAiCompatibleProvider adapter = new OpenAiCompatibleProvider(Providers.FAST, variable -> null);

        ProviderException error = catchThrowableOfType(ProviderException.class,
                () -> adapter.complete(openai, Providers.simpleRequest("Hi")));

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_CONFIGURATION);
        assertThat(error.provider()).isEqualTo("openai");
        assertThat(error.getMessage()).contains("provider openai has no API key", "set OPENAI_API_KEY",
                "http://localhost:11434/v1/");
    }

    @Test
    void a_blank_variable_counts_as_missing() {
        OpenAiCompatibleProvider adapter = new OpenAiCompatibleProvider(Providers.FAST,
                Map.of(Providers.KEY_VARIABLE, "   ")::get);

        ProviderException error = catchThrowableOfType(ProviderException.class,
                () -> adapter.complete(Providers.provider(server.url()), Providers.simpleRequest("Hi")));

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_CONFIGURATION);
        assertThat(error.getMessage()).contains("set " + Providers.KEY_VARIABLE);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void the_key_comes_from_the_environment_lookup_or_from_a_stored_value() {
        server.answer("from env").answer("from value");
        OpenAiCompatibleProvider adapter = Providers.adapter();
        ProviderSettings stored = new ProviderSettings(0, 0, "stored", server.url(), Secret.value("sk-stored-999"),
                "fake-model", true, Instant.EPOCH, Instant.EPOCH);

        adapter.complete(Providers.provider(server.url()), Providers.simpleRequest("Hi"));
        adapter.complete(stored, Providers.simpleRequest("Hi"));

        assertThat(server.requests()).extracting(r -> r.header("Authorization").orElse(""))
                .containsExactly("Bearer " + Providers.KEY, "Bearer sk-stored-999");
    }

    @Test
    void the_key_never_appears_in_exception_messages_or_logs() {
        // A provider that quotes the key back, as OpenAI's 401 does.
        server.fail(500, "upstream failed for key " + Providers.KEY)
                .fail(401, "Incorrect API key provided: " + Providers.KEY + ".")
                .answer("ok");
        List<String> messages = new ArrayList<>();
        OpenAiCompatibleProvider adapter = Providers.adapter();
        try (LogCapture logs = LogCapture.of("sh.smarter.prompt.providers")) {
            ProviderException error = catchThrowableOfType(ProviderException.class,
                    () -> adapter.complete(Providers.provider(server.url()), Providers.simpleRequest("Hi")));
            messages.add(error.getMessage());
            adapter.complete(Providers.provider(server.url()), Providers.simpleRequest("Hi"));

            assertThat(error.status()).isEqualTo(401);
            assertThat(error.getMessage()).contains("Incorrect API key provided: " + Secret.mask(Providers.KEY));
            List<String> lines = logs.lines();
            assertThat(lines).anyMatch(line -> line.startsWith("WARN") && line.contains("retrying"));
            assertThat(lines).anyMatch(line -> line.startsWith("DEBUG") && line.contains("POST "));
            messages.addAll(lines);
        }
        assertThat(messages).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(Providers.KEY));
    }
}
