package sh.smarter.prompt.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.cli.failure.ExitCode;

/** apply, get, describe and delete on the embedded database, with the examples of the repository. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CliHarness cli;

    @BeforeAll
    void applyTheExamples(@TempDir Path home) {
        // The SQL plugin example queries an H2 file, a driver the operator has to allow (README "Plugin targets").
        cli = new CliHarness(home).env("SMARTER_PROMPT_ALLOW_SQL_DRIVERS", "h2");
        CliHarness.Result applied = cli.run("apply", "-R", "-f", RepositoryFiles.examples("").toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    @Test
    void applying_the_examples_again_changes_nothing_and_says_so_per_resource() {
        CliHarness.Result again = cli.run("apply", "-R", "-f", RepositoryFiles.examples("").toString());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out().lines()).allMatch(line -> line.endsWith(" unchanged"))
                .contains("SqlConnection course_db unchanged", "Provider local_ollama unchanged",
                        "Plugin about_smarter_prompt unchanged", "SqlPlugin course_search unchanged",
                        "Chatbot example unchanged", "Chatbot course_advisor unchanged",
                        "Chatbot local_assistant unchanged", "Chatbot minimal unchanged");
        // Dependency order, whatever the file order: connections and providers, plugins, then chatbots.
        assertThat(again.out().indexOf("SqlConnection course_db")).isLessThan(again.out().indexOf("SqlPlugin"));
        assertThat(again.out().indexOf("SqlPlugin")).isLessThan(again.out().indexOf("Chatbot course_advisor"));
    }

    @Test
    void a_changed_manifest_is_reported_updated(@TempDir Path files) throws IOException {
        Path changed = files.resolve("chatbot.json");
        Files.writeString(changed, Files.readString(RepositoryFiles.examples("json/chatbot-minimal.json"))
                .replace("\"deployed\": true", "\"deployed\": true, \"appName\": \"Minimal, renamed\""));
        CliHarness.Result result = cli.run("apply", "-f", changed.toString());
        assertThat(result.out()).isEqualTo("Chatbot minimal updated\n");
        assertThat(cli.run("apply", "-f", RepositoryFiles.examples("json").toString()).out())
                .isEqualTo("Chatbot minimal updated\n");
    }

    @Test
    void an_invalid_manifest_is_refused_with_its_file_and_field_path(@TempDir Path files) throws IOException {
        Path bad = files.resolve("bad-chatbot.yaml");
        Files.writeString(bad, Files.readString(RepositoryFiles.examples("getting-started/chatbot-example.yaml"))
                .replace("defaultTemperature: 0.5", "defaultTemperature: 3.5"));
        CliHarness.Result result = cli.run("apply", "-f", bad.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).isEqualTo("prompt apply: " + bad
                + ": spec.config.defaultTemperature must be a number between 0.0 and 2.0\n");
        assertThat(result.out()).isEmpty();

        Files.writeString(bad, "apiVersion: smarter.sh/v1\nkind: Chatbot\nmetadata: {name: typo}\n"
                + "spec:\n  config: {deployd: true}\n");
        assertThat(cli.run("apply", "-f", bad.toString()).err())
                .isEqualTo("prompt apply: " + bad + ": spec.config.deployd is not a known field\n");

        Files.writeString(bad, "apiVersion: smarter.sh/v1\nkind: Chatbot\nmetadata:\n  name: [unclosed\n");
        CliHarness.Result syntax = cli.run("apply", "-f", bad.toString());
        assertThat(syntax.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(syntax.err()).startsWith("prompt apply: " + bad + ": not valid YAML at line ");
    }

    @Test
    void a_manifest_that_refers_to_a_missing_plugin_names_the_list_element(@TempDir Path files) throws IOException {
        Path bot = files.resolve("bot.yaml");
        Files.writeString(bot, "apiVersion: smarter.sh/v1\nkind: Chatbot\nmetadata: {name: lonely}\n"
                + "spec:\n  plugins: [about_smarter_prompt, no_such_plugin]\n");
        CliHarness.Result result = cli.run("apply", "-f", bot.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains(bot + ": spec.plugins[1]: plugin no_such_plugin not found");
    }

    @Test
    void manifests_can_come_from_standard_input() {
        String json = "{\"apiVersion\": \"smarter.sh/v1\", \"kind\": \"Chatbot\", \"metadata\": {\"name\": "
                + "\"from_stdin\"}, \"spec\": {\"config\": {\"deployed\": false}}}";
        CliHarness.Result result = cli.runWithInput(json, "apply", "-f", "-");
        assertThat(result.out()).as(result.toString()).isEqualTo("Chatbot from_stdin created\n");
    }

    @Test
    void get_lists_a_kind_as_a_table_json_or_yaml_that_apply_takes_back(@TempDir Path files) throws IOException {
        CliHarness.Result table = cli.run("get", "chatbots");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow())
                .startsWith("NAME").contains("PROVIDER", "MODEL", "DEPLOYED", "PLUGINS", "ACCOUNT", "UPDATED");
        assertThat(table.out()).containsPattern("(?m)^example +openai +gpt-4o-mini +true +about_smarter_prompt");

        JsonNode json = JSON.readTree(cli.run("get", "plugins", "-o", "json").out());
        assertThat(json.isArray()).isTrue();
        assertThat(json.findValuesAsText("name")).contains("about_smarter_prompt", "course_search");

        CliHarness.Result yaml = cli.run("get", "chatbots", "-o", "yaml");
        assertThat(yaml.out()).startsWith("apiVersion: smarter.sh/v1\n").contains("\n---\n");
        Path backup = files.resolve("backup.yaml");
        Files.writeString(backup, yaml.out());
        CliHarness.Result reapplied = cli.run("apply", "-f", backup.toString());
        assertThat(reapplied.exitCode()).as(reapplied.toString()).isZero();
        assertThat(reapplied.out().lines()).allMatch(line -> line.endsWith(" unchanged"));
    }

    @Test
    void get_of_an_empty_kind_says_so() {
        assertThat(cli.run("get", "apiconnections").out()).isEqualTo("No apiconnections found.\n");
        assertThat(cli.run("get", "apiconnections", "-o", "json").out()).isEqualTo("[ ]\n");
    }

    @Test
    void describe_prints_the_manifest_with_its_status_in_each_format() throws IOException {
        CliHarness.Result yaml = cli.run("describe", "chatbot", "example");
        assertThat(yaml.exitCode()).isZero();
        assertThat(yaml.out()).startsWith("apiVersion: smarter.sh/v1\nkind: Chatbot\n")
                .contains("  name: example", "status:", "accountNumber: 0000-0000-0001");

        JsonNode json = JSON.readTree(cli.run("describe", "sqlconnection", "course_db", "-o", "json").out());
        assertThat(json.at("/spec/connection/url").asText()).startsWith("jdbc:h2:~/");

        CliHarness.Result table = cli.run("describe", "plugin", "about_smarter_prompt", "-o", "table");
        assertThat(table.out()).startsWith("FIELD").contains("spec.selector.directive", "search_terms");
    }

    @Test
    void describing_or_deleting_what_does_not_exist_exits_3() {
        CliHarness.Result describe = cli.run("describe", "chatbot", "nope");
        assertThat(describe.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(describe.err()).isEqualTo("prompt describe: Chatbot nope not found\n");
        assertThat(cli.run("delete", "plugin", "nope").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void deleting_a_resource_in_use_is_refused_with_exit_4_until_its_users_are_gone() {
        CliHarness.Result refused = cli.run("delete", "provider", "local_ollama");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.err()).contains("Provider local_ollama is used by Chatbot local_assistant");

        assertThat(cli.run("delete", "chatbot", "local_assistant").out())
                .isEqualTo("Chatbot local_assistant deleted\n");
        assertThat(cli.run("delete", "provider", "local_ollama").exitCode()).isZero();
        assertThat(cli.run("get", "providers").out()).doesNotContain("local_ollama");
        assertThat(cli.run("apply", "-f", RepositoryFiles.examples("local-model").toString()).out())
                .isEqualTo("Provider local_ollama created\nChatbot local_assistant created\n");
    }
}
