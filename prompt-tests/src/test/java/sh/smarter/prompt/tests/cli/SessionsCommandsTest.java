package sh.smarter.prompt.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;

/** sessions list, show, delete and prune, get sessions, and config, on sessions made with chat. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionsCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeOpenAiServer provider;
    private CliHarness cli;

    @BeforeAll
    void threeConversations(@TempDir Path home) {
        provider = FakeOpenAiServer.start();
        cli = new CliHarness(home).env("OPENAI_BASE_URL", provider.url()).env("OPENAI_API_KEY", "sk-test-key-0002");
        assertThat(cli.run("apply", "-f", RepositoryFiles.examples("getting-started").toString()).exitCode()).isZero();
        for (String message : List.of("first", "second", "third")) {
            CliHarness.Result result = cli.run("chat", "example", "--new", "-m", message);
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
    }

    @AfterAll
    void stop() {
        provider.close();
    }

    private List<String> sessionKeys() throws IOException {
        JsonNode sessions = JSON.readTree(cli.run("sessions", "list", "example", "-o", "json").out());
        return sessions.findValuesAsText("session_key");
    }

    @Test
    @Order(1)
    void list_shows_the_sessions_newest_first_in_pages() throws IOException {
        CliHarness.Result table = cli.run("sessions", "list", "example");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out().lines()).hasSize(4).first().asString()
                .startsWith("SESSION KEY").contains("CHATBOT", "MESSAGES", "UPDATED");

        CliHarness.Result page = cli.run("sessions", "list", "example", "--limit", "2");
        assertThat(page.out().lines()).hasSize(3);
        assertThat(page.err()).contains("more: prompt sessions list example --limit 2 --cursor ");
        String cursor = page.err().substring(page.err().indexOf("--cursor ") + 9).strip();
        CliHarness.Result next = cli.run("sessions", "list", "example", "--limit", "2", "--cursor", cursor);
        assertThat(next.out().lines()).hasSize(2);
        assertThat(next.err()).isEmpty();

        assertThat(sessionKeys()).hasSize(3).allMatch(key -> key.matches("[0-9a-f]{64}"));
        assertThat(cli.run("sessions", "list", "example", "-o", "yaml").out()).contains("session_key: ");
    }

    @Test
    @Order(2)
    void get_sessions_lists_them_across_chatbots() {
        CliHarness.Result result = cli.run("get", "sessions");
        assertThat(result.out().lines()).hasSize(4);
        assertThat(cli.run("get", "sessions", "--chatbot", "nope").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    @Order(3)
    void show_prints_the_messages_of_the_remembered_or_a_named_session() throws IOException {
        CliHarness.Result remembered = cli.run("sessions", "show", "example");
        assertThat(remembered.exitCode()).as(remembered.toString()).isZero();
        assertThat(remembered.out()).startsWith("SEQ").contains("user", "third", "Echo: third")
                .doesNotContain("second");

        String oldest = sessionKeys().get(2);
        JsonNode messages = JSON.readTree(cli.run("sessions", "show", "example", oldest, "-o", "json").out());
        assertThat(messages.findValuesAsText("content")).contains("first", "Echo: first");
        assertThat(messages.get(0).get("seq").asInt()).isEqualTo(1);

        CliHarness.Result unknown = cli.run("sessions", "show", "example", "0".repeat(64));
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(unknown.err()).isEqualTo("prompt sessions show: session not found for chatbot example\n");
    }

    @Test
    @Order(4)
    void config_prints_the_configuration_object_of_the_remembered_session() throws IOException {
        CliHarness.Result result = cli.run("config", "example", "--port", "9999");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode config = JSON.readTree(result.out());
        assertThat(config.at("/api").asText()).isEqualTo("smarter.sh/v1");
        assertThat(config.at("/metadata/command").asText()).isEqualTo("chat_config");
        assertThat(config.at("/data/session_key").asText()).isEqualTo(sessionKeys().get(0));
        assertThat(config.at("/data/chatbot/name").asText()).isEqualTo("example");
        assertThat(config.at("/data/chatbot/url_chatbot").asText())
                .isEqualTo("http://127.0.0.1:9999/api/v1/chatbots/example/prompt/");
        assertThat(config.at("/data/history/chat_history").findValuesAsText("content")).contains("third");
        assertThat(config.at("/data/functions/functions").findValuesAsText("name"))
                .containsExactly("calculator", "date_calculator");
        assertThat(cli.run("config", "example", "-o", "yaml").out()).contains("session_key: ");
        assertThat(cli.run("config", "example", "-o", "table").out()).as("a provider request is walked to its leaves")
                .contains("data.history.chatbot_request_history[0].request.model");
        assertThat(cli.run("config", "nope").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    @Order(5)
    void delete_removes_the_named_sessions_and_checks_every_key_first() throws IOException {
        List<String> keys = sessionKeys();
        CliHarness.Result malformed = cli.run("sessions", "delete", "example", keys.get(2), "not-a-key");
        assertThat(malformed.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(sessionKeys()).hasSize(3);

        CliHarness.Result deleted = cli.run("sessions", "delete", "example", keys.get(2));
        assertThat(deleted.out()).isEqualTo("deleted session " + keys.get(2) + "\n");
        assertThat(sessionKeys()).hasSize(2);
        assertThat(cli.run("sessions", "delete", "example", keys.get(2)).exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    @Order(6)
    void prune_counts_with_dry_run_then_deletes_with_progress_and_a_final_count() throws IOException {
        CliHarness.Result none = cli.run("sessions", "prune", "--older-than", "30d");
        assertThat(none.out()).startsWith("deleted 0 sessions inactive since ");

        CliHarness.Result dryRun = cli.run("sessions", "prune", "--inactive-since", "2999-01-01", "--dry-run");
        assertThat(dryRun.exitCode()).isZero();
        assertThat(dryRun.out()).isEqualTo("would delete 2 sessions inactive since 2999-01-01T00:00:00Z\n");
        assertThat(sessionKeys()).hasSize(2);

        CliHarness.Result pruned = cli.run("sessions", "prune", "--inactive-since", "2999-01-01");
        assertThat(pruned.out()).isEqualTo("deleted 2 sessions inactive since 2999-01-01T00:00:00Z\n");
        assertThat(pruned.err()).contains("100% 2/2 sessions");
        assertThat(cli.run("sessions", "list", "example").out()).isEqualTo("No sessions found.\n");
    }
}
