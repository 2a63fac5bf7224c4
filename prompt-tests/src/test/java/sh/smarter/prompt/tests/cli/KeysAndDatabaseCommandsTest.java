package sh.smarter.prompt.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.cli.failure.ExitCode;

/** keys create, list and revoke; db info and migrate. */
class KeysAndDatabaseCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void a_key_is_printed_once_alone_on_stdout_listed_masked_and_revoked_by_id() throws IOException {
        CliHarness cli = new CliHarness(home);
        CliHarness.Result noAccount = cli.run("keys", "create");
        assertThat(noAccount.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(noAccount.err()).contains("there is no account yet: apply a manifest first");

        cli.run("apply", "-f", RepositoryFiles.examples("getting-started").toString());
        CliHarness.Result created = cli.run("keys", "create", "--name", "ci");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String key = created.out().strip();
        assertThat(key).matches("spk_[0-9a-f]{64}");
        assertThat(created.err()).contains("for account 0000-0000-0001", "Store it now: it is shown only this once")
                .doesNotContain(key);

        CliHarness.Result listed = cli.run("keys", "list");
        assertThat(listed.out()).contains("ci", "****" + key.substring(key.length() - 4)).doesNotContain(key);
        JsonNode keys = JSON.readTree(cli.run("keys", "list", "-o", "json").out());
        assertThat(keys.get(0).get("revoked_at").isNull()).isTrue();
        long id = keys.get(0).get("id").asLong();

        assertThat(cli.run("keys", "revoke", Long.toString(id)).out()).isEqualTo("revoked API key " + id + "\n");
        assertThat(JSON.readTree(cli.run("keys", "list", "-o", "json").out()).get(0).get("revoked_at").isNull())
                .isFalse();
        assertThat(cli.run("keys", "revoke", "999").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(cli.run("keys", "create", "--account", "9999-9999-9999").exitCode())
                .isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void a_key_is_a_chat_key_unless_created_with_the_admin_scope() throws IOException {
        CliHarness cli = new CliHarness(home);
        cli.run("apply", "-f", RepositoryFiles.examples("getting-started").toString());

        CliHarness.Result chat = cli.run("keys", "create", "--name", "widget");
        assertThat(chat.err()).contains("(widget, scope chat)");
        CliHarness.Result admin = cli.run("keys", "create", "--name", "ops", "--scope", "ADMIN");
        assertThat(admin.exitCode()).as(admin.toString()).isZero();
        CliHarness.Result wrong = cli.run("keys", "create", "--scope", "root");
        assertThat(wrong.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wrong.err()).isEqualTo("prompt keys create: --scope: scope must be one of chat, admin\n");

        JsonNode keys = JSON.readTree(cli.run("keys", "list", "-o", "json").out());
        assertThat(keys).extracting(k -> k.get("name").asText() + "=" + k.get("scope").asText())
                .containsExactly("widget=chat", "ops=admin");
        assertThat(cli.run("keys", "list").out()).contains("SCOPE");
    }

    @Test
    void db_info_shows_pending_migrations_without_applying_them_and_migrate_applies_them() throws IOException {
        CliHarness cli = new CliHarness(home).env("SMARTER_PROMPT_DB_PASSWORD", "not-shown-anywhere");
        JsonNode before = JSON.readTree(cli.run("db", "info", "-o", "json").out());
        assertThat(before.get("up_to_date").asBoolean()).isFalse();
        assertThat(before.get("schema_version").isNull()).isTrue();
        assertThat(before.get("database").asText())
                .isEqualTo("jdbc:h2:file:" + home.resolve(".local/share/smarter-prompt/smarter-prompt"));

        CliHarness.Result migrated = cli.run("db", "migrate");
        assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
        assertThat(migrated.out()).startsWith("migrated jdbc:h2:file:").contains("from schema version none (empty)");
        assertThat(cli.run("db", "migrate").out()).contains("is up to date at schema version");

        CliHarness.Result table = cli.run("db", "info");
        assertThat(table.out()).contains("up_to_date", "true").doesNotContain("not-shown-anywhere");
        assertThat(cli.run("db", "info", "-o", "yaml").out()).contains("pending: []");
    }

    @Test
    void an_unreachable_database_is_a_runtime_failure_in_one_line() {
        CliHarness.Result result = new CliHarness(home)
                .run("db", "info", "--db-url", "jdbc:mysql://127.0.0.1:1/prompt", "--db-password", "secret-pw-1");
        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).startsWith("prompt db info: the database is unavailable")
                .doesNotContain("secret-pw-1");
    }
}
