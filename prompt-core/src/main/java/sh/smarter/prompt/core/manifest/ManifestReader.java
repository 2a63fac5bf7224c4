package sh.smarter.prompt.core.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.SqlConnection;
import sh.smarter.prompt.core.tool.Calculator;
import sh.smarter.prompt.core.tool.CurrentWeather;
import sh.smarter.prompt.core.tool.DateCalculator;

/**
 * Turns manifests in the Smarter form (SPEC section 8) into domain values. Everything is validated, and every
 * error names the field ("spec.config.defaultTemperature must be a number between 0.0 and 2.0"). Unknown fields
 * are rejected at every level; fields of the Smarter format that this product has no use for are accepted and
 * ignored. The values come back with id and account 0 and both timestamps {@code now}: storing them is the
 * service's job.
 *
 * <p>This is the entry point; {@link ManifestEnvelope} reads what all kinds share, one reader per kind (or family)
 * reads the spec, and {@link Fields} holds the field checks they have in common.
 */
public final class ManifestReader {
    public static final String API_VERSION = "smarter.sh/v1";
    /** The built-in functions a chatbot may list. */
    public static final List<String> FUNCTIONS = List.of(Calculator.NAME, DateCalculator.NAME, CurrentWeather.NAME);

    private ManifestReader() {
    }

    /** The kind a manifest declares, after checking its apiVersion. {@code LLMClient} is read as Chatbot. */
    public static ResourceKind kind(JsonObject manifest) {
        return ManifestEnvelope.kind(manifest);
    }

    /**
     * {@code metadata.accountNumber}: the account an operator applies a manifest to. Only meaningful for a manifest
     * that one of the kind readers has accepted, which checked its format.
     */
    public static Optional<AccountNumber> targetAccount(JsonObject manifest) {
        return manifest.object("metadata").flatMap(m -> m.string("accountNumber")).map(AccountNumber::parse);
    }

    public static Account account(JsonObject manifest, Instant now) {
        return AccountReader.account(manifest, now);
    }

    public static Chatbot chatbot(JsonObject manifest, Instant now) {
        return ChatbotReader.chatbot(manifest, now);
    }

    /** Any of the three plugin kinds; {@code metadata.pluginClass}, when given, must agree with the kind. */
    public static Plugin plugin(JsonObject manifest, Instant now) {
        return PluginReader.plugin(manifest, now);
    }

    public static SqlConnection sqlConnection(JsonObject manifest, Instant now) {
        return ConnectionReader.sqlConnection(manifest, now);
    }

    public static ApiConnection apiConnection(JsonObject manifest, Instant now) {
        return ConnectionReader.apiConnection(manifest, now);
    }

    public static ProviderSettings provider(JsonObject manifest, Instant now) {
        return ProviderReader.provider(manifest, now);
    }
}
