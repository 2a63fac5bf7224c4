package sh.smarter.prompt.core.plugintarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.core.resource.ProviderPresets;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resourceadmin.ResourceService;

/**
 * Rule {@code secret-env} for Provider manifests: a key named by environment variable goes only to the host the
 * operator bound the variable to (the built-in providers' keys to their own hosts by default). Refused at apply with
 * the field and the rule named, storing nothing, and again before each call, without reaching the adapter.
 */
class ProviderKeyTargetsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

    private final InMemoryResourceCatalog catalog = new InMemoryResourceCatalog();
    private final PluginTargets operatorSettings = PluginTargets.defaults()
            .bindingSecrets(List.of("COMPANY_LLM_KEY=llm.example.com", "OPENAI_API_KEY=https://gateway.example.com/v1/"));

    @Test
    void a_provider_manifest_cannot_send_the_operators_key_to_a_host_the_tenant_chose() {
        ResourceService service = new ResourceService(catalog, clock(), operatorSettings);

        assertThatThrownBy(() -> service.apply(provider("https://collector.example.net/v1/", "OPENAI_API_KEY"),
                Principal.OPERATOR)).isInstanceOf(PromptException.class).hasMessage("spec.provider.apiKeyEnv is "
                + "refused by the plugin target rule secret-env: OPENAI_API_KEY may be sent only to "
                + "api.openai.com, gateway.example.com, not to collector.example.net (the operator binds more hosts "
                + "in the server settings)");
        assertThatThrownBy(() -> service.apply(provider("http://127.0.0.1:9/v1/", "GEMINI_API_KEY"),
                Principal.OPERATOR)).hasMessageStartingWith("spec.provider.apiKeyEnv is refused by the plugin target "
                + "rule secret-env: GEMINI_API_KEY may be sent only to generativelanguage.googleapis.com, not to "
                + "127.0.0.1");
        assertThatThrownBy(() -> service.apply(provider("https://collector.example.net/", "AWS_SECRET_ACCESS_KEY"),
                Principal.OPERATOR)).hasMessage("spec.provider.apiKeyEnv is refused by the plugin target rule "
                + "secret-env: AWS_SECRET_ACCESS_KEY is not bound to collector.example.net: the operator binds an "
                + "environment variable to the hosts that may receive it (server setting allow-secret-env "
                + "NAME=HOST)");
        assertThatThrownBy(() -> service.apply(provider("https://collector.example.net/",
                "SMARTER_PROMPT_DB_PASSWORD"), Principal.OPERATOR)).hasMessage("spec.provider.apiKeyEnv is refused "
                + "by the plugin target rule secret-env: SMARTER_PROMPT_DB_PASSWORD is one of this server's own "
                + "settings; the provider would receive it");
        assertThat(catalog.listAccounts()).as("nothing stored, not even the default account").isEmpty();
    }

    @Test
    void bound_hosts_stored_keys_and_keyless_providers_are_accepted() {
        ResourceService service = new ResourceService(catalog, clock(), operatorSettings);

        List<JsonObject> accepted = List.of(provider("https://api.openai.com/v1/", "OPENAI_API_KEY"),
                provider("https://gateway.example.com/openai/", "OPENAI_API_KEY"),
                provider("https://LLM.example.com/v1/", "COMPANY_LLM_KEY"),
                provider("https://api.llama.com/compat/v1/", "LLAMA_API_KEY"),
                manifest("https://anywhere.example.org/v1/", "\"apiKey\": \"sk-the-accounts-own-key\""),
                manifest("http://localhost:11434/v1/", "\"apiKeyRequired\": false"));
        for (JsonObject manifest : accepted) {
            assertThat(service.apply(manifest, Principal.OPERATOR).outcome().name()).as(manifest.toJson())
                    .isEqualTo("CREATED");
        }
    }

    @Test
    void a_provider_stored_before_the_rule_is_refused_before_each_call_without_reaching_the_adapter() {
        List<String> calls = new ArrayList<>();
        ChatCompletionProvider adapter = (provider, request) -> {
            calls.add(provider.baseUrl());
            return null;
        };
        ChatCompletionProvider checked = new ProviderKeyCheck(adapter, PluginTargets.defaults());
        ProviderSettings stolen = new ProviderSettings(7, 1, "mine", "https://collector.example.net/v1/",
                Secret.env("OPENAI_API_KEY"), "gpt-4o-mini", true, NOW, NOW);

        assertThatThrownBy(() -> checked.complete(stolen, null)).isInstanceOf(ProviderException.class)
                .hasMessage("provider mine cannot be used: spec.provider.apiKeyEnv is refused by the plugin target "
                        + "rule secret-env: OPENAI_API_KEY may be sent only to api.openai.com, not to "
                        + "collector.example.net (the operator binds more hosts in the server settings)");
        assertThatThrownBy(() -> checked.stream(stolen, null, delta -> { }))
                .isInstanceOf(ProviderException.class);
        assertThat(calls).as("the adapter was never called").isEmpty();

        // The server's own default provider keeps working.
        checked.complete(ProviderPresets.find(ProviderPresets.OPENAI).orElseThrow(), null);
        assertThat(calls).containsExactly("https://api.openai.com/v1/");
    }

    @Test
    void the_operators_bindings_are_checked_too() {
        assertThatThrownBy(() -> PluginTargets.defaults().bindingSecrets(List.of("OPENAI_API_KEY")))
                .hasMessage("not a valid secret binding (NAME=HOST): OPENAI_API_KEY");
        assertThatThrownBy(() -> PluginTargets.defaults().bindingSecrets(List.of("MY KEY=llm.example.com")))
                .hasMessageStartingWith("not a valid secret binding (NAME=HOST): MY KEY=");
        assertThatThrownBy(() -> PluginTargets.defaults().bindingSecrets(List.of("SMARTER_PROMPT_DB_PASSWORD=x.org")))
                .hasMessage("SMARTER_PROMPT_DB_PASSWORD is one of this server's own settings and cannot be bound to "
                        + "a host");
        assertThat(PluginTargets.defaults().secretHosts()).containsEntry("OPENAI_API_KEY", java.util.Set.of(
                "api.openai.com"));
    }

    private static JsonObject provider(String baseUrl, String variable) {
        return manifest(baseUrl, "\"apiKeyEnv\": " + new JsonString(variable).toJson());
    }

    private static JsonObject manifest(String baseUrl, String key) {
        return (JsonObject) Json.parse("{\"apiVersion\": \"smarter.sh/v1\", \"kind\": \"Provider\", \"metadata\": "
                + "{\"name\": \"p" + Math.abs((baseUrl + key).hashCode()) + "\"}, \"spec\": {\"provider\": "
                + "{\"baseUrl\": " + new JsonString(baseUrl).toJson() + ", \"defaultModel\": \"m\", " + key + "}}}");
    }

    private static Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }
}
