package sh.smarter.prompt.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.RecordedRequest;

/** {@code prompt chat} on the embedded database, against the scripted fake provider. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatCommandTest {
    private FakeOpenAiServer provider;
    private CliHarness cli;

    @BeforeAll
    void start(@TempDir Path home) {
        provider = FakeOpenAiServer.start();
        cli = new CliHarness(home).env("OPENAI_BASE_URL", provider.url()).env("OPENAI_API_KEY", "sk-test-key-0001");
        assertThat(cli.run("apply", "-f", RepositoryFiles.examples("getting-started").toString()).exitCode()).isZero();
    }

    @AfterAll
    void stop() {
        provider.close();
    }

    @BeforeEach
    void resetProvider() {
        provider.reset();
    }

    @Test
    void a_second_message_continues_the_session_of_the_first_and_new_starts_another() throws IOException {
        provider.answer("Four.").answer("Eight.").answer("Hello again.");
        CliHarness.Result first = cli.run("chat", "example", "--new", "-m", "What is 2+2?");
        CliHarness.Result second = cli.run("chat", "example", "-m", "And doubled?");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo("Four.\n");
        assertThat(second.out()).isEqualTo("Eight.\n");
        List<RecordedRequest> requests = provider.requests();
        assertThat(CliHarness.contents(requests.get(1)))
                .containsSubsequence("What is 2+2?", "Four.", "And doubled?");
        String session = lastSession();

        CliHarness.Result fresh = cli.run("chat", "example", "--new", "-m", "Hi");
        assertThat(fresh.err()).contains("new session ");
        assertThat(CliHarness.contents(provider.requests().get(2))).doesNotContain("What is 2+2?");
        assertThat(lastSession()).isNotEqualTo(session);
    }

    @Test
    void the_answer_goes_to_stdout_and_status_lines_to_stderr_unless_quiet() {
        provider.answer("Done.").answer("Done again.");
        CliHarness.Result result = cli.run("chat", "example", "-m", "Hello");
        assertThat(result.out()).isEqualTo("Done.\n");
        assertThat(result.err()).contains("· Prompt configuration: llm=openai, model=gpt-4o-mini");
        CliHarness.Result quiet = cli.run("chat", "example", "-q", "-m", "Hello");
        assertThat(quiet.out()).isEqualTo("Done again.\n");
        assertThat(quiet.err()).doesNotContain("Prompt configuration");
    }

    @Test
    void tool_calls_and_their_results_are_shown_as_status_lines() {
        provider.callTools(FakeOpenAiServer.toolCall("calculator", "{\"expression\": \"17 * 3\"}"))
                .respond(request -> sh.smarter.prompt.tests.fake.Reply.text("It is "
                        + request.lastToolResult().orElse("?")));
        CliHarness.Result result = cli.run("chat", "example", "--new", "-m", "What is 17 times 3?");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("← calculator: {\"result\":51}");
        assertThat(result.out()).isEqualTo("It is {\"result\":51}\n");
    }

    @Test
    void a_provider_failure_is_shown_as_an_error_line_and_exits_1() {
        provider.fail(400, "model gpt-4o-mini does not exist");
        CliHarness.Result result = cli.run("chat", "example", "--new", "-m", "Hello");
        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(result.err()).contains("error: openai raised an error:").contains("does not exist");
    }

    @Test
    void without_a_provider_key_the_error_names_the_variable_to_set(@TempDir Path otherHome) {
        CliHarness noKey = new CliHarness(otherHome).env("OPENAI_BASE_URL", provider.url());
        noKey.run("apply", "-f", RepositoryFiles.examples("getting-started").toString());
        CliHarness.Result result = noKey.run("chat", "example", "-m", "Hello");
        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(result.err()).contains("error: openai raised an error: provider openai has no API key: set "
                + "OPENAI_API_KEY");
        assertThat(provider.requestCount()).isZero();
    }

    @Test
    void an_unknown_chatbot_exits_3() {
        CliHarness.Result result = cli.run("chat", "no_such_bot", "-m", "Hello");
        assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(result.err()).isEqualTo("prompt chat: chatbot no_such_bot not found\n");
    }

    @Test
    void a_remembered_session_that_was_deleted_is_replaced_by_a_new_one() throws IOException {
        provider.answer("First.").answer("Second.");
        cli.run("chat", "example", "--new", "-m", "One");
        String session = lastSession();
        assertThat(cli.run("sessions", "delete", "example", session).exitCode()).isZero();
        CliHarness.Result result = cli.run("chat", "example", "-m", "Two");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("the last session of example is gone; starting a new one");
        assertThat(lastSession()).isNotEqualTo(session);
    }

    @Test
    void the_interactive_chat_reads_lines_and_knows_its_slash_commands() {
        provider.answer("Hi there.").answer("Fresh start.");
        CliHarness.Result result = cli.runWithInput(
                "Hello\n/history\n/session\n/new\nAgain\n/bogus\n/quit\nnever sent\n", "chat", "example", "--new");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("you> Hi there.\n", "user: Hello\n", "assistant: Hi there.\n",
                "Fresh start.\n");
        assertThat(result.err()).contains("Chatting with example on the local database", "session ",
                "the next message starts a new session", "unknown command /bogus");
        assertThat(provider.requestCount()).isEqualTo(2);
        assertThat(CliHarness.contents(provider.requests().get(1))).doesNotContain("Hello");
    }

    @Test
    void the_interactive_chat_ends_at_the_end_of_its_input() {
        provider.answer("Yes.");
        CliHarness.Result result = cli.runWithInput("Are you there?\n", "chat", "example");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Yes.");
    }


    private String lastSession() throws IOException {
        Properties sessions = new Properties();
        Path file = cli.home().resolve(".local/state/smarter-prompt/last-sessions.properties");
        try (var reader = Files.newBufferedReader(file)) {
            sessions.load(reader);
        }
        return sessions.entrySet().stream().filter(entry -> entry.getKey().toString().endsWith(" example"))
                .map(entry -> entry.getValue().toString()).findFirst().orElseThrow();
    }
}
