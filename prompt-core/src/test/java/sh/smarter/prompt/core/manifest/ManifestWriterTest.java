package sh.smarter.prompt.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;

class ManifestWriterTest {
    private static final Instant CREATED = Instant.parse("2026-11-26T07:00:00.123456Z");
    private static final Instant MODIFIED = Instant.parse("2026-11-27T08:30:00Z");

    private static JsonObject connectionSpec(JsonObject manifest) {
        JsonObject spec = manifest.object("spec").orElseThrow();
        return spec.object("connection").or(() -> spec.object("provider")).orElseThrow();
    }

    @Test
    void stored_secrets_are_masked_and_environment_secrets_named() {
        JsonObject clear = connectionSpec(ManifestWriter.sqlConnection(new SqlConnection(1, 1, "course_db",
                "jdbc:mysql://db/courses", "reader", Secret.value("s3cret-passw0rd"), 10, CREATED, CREATED)));
        JsonObject fromEnvironment = connectionSpec(ManifestWriter.apiConnection(new ApiConnection(1, 1, "course_api",
                "https://api.example.com", "bearer", null, Secret.env("COURSE_API_KEY"), 10, CREATED, CREATED)));
        JsonObject shortKey = connectionSpec(ManifestWriter.provider(new ProviderSettings(1, 1, "proxy",
                "https://llm.example.com/", Secret.value("sk-1234"), null, true, CREATED, CREATED)));

        assertThat(clear.string("password")).contains("****w0rd");
        assertThat(fromEnvironment.string("apiKeyEnv")).contains("COURSE_API_KEY");
        assertThat(fromEnvironment.has("apiKey")).isFalse();
        assertThat(shortKey.string("apiKey")).contains("****");
    }

    @Test
    void the_status_block_carries_the_account_and_iso_timestamps() {
        JsonObject manifest = ExampleManifests.of(ResourceKind.PROVIDER);

        JsonObject status = ManifestWriter.withStatus(manifest, new AccountNumber("3141-5926-5359"), CREATED, MODIFIED)
                .object("status").orElseThrow();

        assertThat(status.string("accountNumber")).contains("3141-5926-5359");
        assertThat(status.string("created")).contains("2026-11-26T07:00:00.123456Z");
        assertThat(status.string("modified")).contains("2026-11-27T08:30:00Z");
    }

    /** Reading a written manifest and writing it again gives the same manifest: nothing is lost either way. */
    @ParameterizedTest
    @EnumSource(ResourceKind.class)
    void a_written_manifest_reads_back_to_the_same_resource(ResourceKind kind) {
        JsonObject example = ExampleManifests.of(kind);

        assertThat(rewrite(example)).isEqualTo(example);
    }

    @Test
    void daily_token_budgets_of_chatbots_and_accounts_read_back_the_same_and_are_left_out_when_unset() {
        JsonObject chatbot = Manifests.with(Manifests.json(Manifests.CHATBOT), "spec.config.dailyTokenBudget",
                Json.of(250_000L));
        JsonObject account = Manifests.with(Manifests.json(Manifests.ACCOUNT), "spec.dailyTokenBudget",
                Json.of(5_000_000_000L));

        Chatbot budgeted = ManifestReader.chatbot(chatbot, CREATED);
        Account budgetedAccount = ManifestReader.account(account, CREATED);

        assertThat(budgeted.dailyTokenBudget()).isEqualTo(250_000L);
        assertThat(budgetedAccount.dailyTokenBudget()).isEqualTo(5_000_000_000L);
        assertThat(ManifestReader.chatbot(ManifestWriter.chatbot(budgeted), CREATED)).isEqualTo(budgeted);
        assertThat(ManifestReader.account(ManifestWriter.account(budgetedAccount), CREATED))
                .isEqualTo(budgetedAccount);
        assertThat(ManifestWriter.chatbot(budgeted.toBuilder().dailyTokenBudget(null).build()).toJson())
                .doesNotContain("dailyTokenBudget");
        assertThat(ManifestWriter.account(budgetedAccount.withDailyTokenBudget(null)).toJson())
                .doesNotContain("dailyTokenBudget");
    }

    private static JsonObject rewrite(JsonObject manifest) {
        return switch (ManifestReader.kind(manifest)) {
            case ACCOUNT -> ManifestWriter.account(ManifestReader.account(manifest, CREATED));
            case CHATBOT -> ManifestWriter.chatbot(ManifestReader.chatbot(manifest, CREATED));
            case PLUGIN, SQL_PLUGIN, API_PLUGIN -> ManifestWriter.plugin(ManifestReader.plugin(manifest, CREATED));
            case SQL_CONNECTION -> ManifestWriter.sqlConnection(ManifestReader.sqlConnection(manifest, CREATED));
            case API_CONNECTION -> ManifestWriter.apiConnection(ManifestReader.apiConnection(manifest, CREATED));
            case PROVIDER -> ManifestWriter.provider(ManifestReader.provider(manifest, CREATED));
        };
    }
}
