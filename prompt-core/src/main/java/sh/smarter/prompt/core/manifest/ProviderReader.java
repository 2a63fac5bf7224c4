package sh.smarter.prompt.core.manifest;

import java.time.Instant;
import java.util.EnumSet;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;

/** Reads Provider manifests: an OpenAI-compatible endpoint, its key and default model. */
final class ProviderReader {
    private ProviderReader() {
    }

    static ProviderSettings provider(JsonObject manifest, Instant now) {
        return ManifestEnvelope.read(manifest, EnumSet.of(ResourceKind.PROVIDER), (kind, metadata, spec) ->
                spec.requiredObject("provider", provider -> {
                    // Descriptive fields of Smarter's provider directory; metadata.name is the name.
                    provider.ignore("name", "description", "logo", "website_url", "contact_email", "support_email",
                            "terms_of_service_url", "docs_url", "privacy_policy_url", "connectivity_test_path");
                    String baseUrl = provider.httpUrl("baseUrl", provider.string("baseUrl", "base_url"));
                    Secret apiKey = provider.secret("apiKey", "apiKeyEnv",
                            provider.string("apiKeyEnv", "api_key_env"));
                    String defaultModel = provider.string("defaultModel");
                    Boolean apiKeyRequired = provider.bool("apiKeyRequired");
                    boolean keyRequired = apiKeyRequired != null ? apiKeyRequired : !(apiKey instanceof Secret.None);
                    return provider.build(() -> new ProviderSettings(0, 0, metadata.name(), baseUrl, apiKey,
                            defaultModel, keyRequired, now, now));
                }));
    }
}
