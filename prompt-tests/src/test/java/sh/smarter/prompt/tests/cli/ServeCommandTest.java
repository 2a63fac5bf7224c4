package sh.smarter.prompt.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;

/** {@code prompt serve} in this JVM, and {@code chat --server} against it. */
class ServeCommandTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path home;

    @Test
    void a_fresh_installation_serves_the_example_whose_prompts_say_which_key_to_set() throws Exception {
        CliHarness cli = new CliHarness(home);
        try (RunningServer server = new RunningServer(cli)) {
            assertThat(server.output())
                    .contains("database:  jdbc:h2:file:" + home.resolve(".local/share/smarter-prompt/smarter-prompt"))
                    .contains("applied the bundled example chatbot \"example\"")
                    .contains("chat page: " + server.url() + "chat/example/")
                    .contains("OPENAI_API_KEY is not set");
            assertThat(get(server.url() + "ready").statusCode()).isEqualTo(200);
            HttpResponse<String> page = get(server.url() + "chat/example/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Example</title>");
            HttpResponse<String> config = HTTP.send(HttpRequest.newBuilder(
                            URI.create(server.url() + "api/v1/chatbots/example/config/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(config.body()).contains("\"app_welcome_message\":\"Welcome!");

            CliHarness.Result chat = cli.run("chat", "example", "--server", server.url(), "-m", "What is 2+2?");

            assertThat(chat.exitCode()).as(chat.toString()).isEqualTo(ExitCode.FAILURE);
            assertThat(chat.err()).contains("error: openai raised an error: provider openai has no API key: set "
                    + "OPENAI_API_KEY");
            CliHarness.Result stopped = server.stop();
            assertThat(stopped.exitCode()).isZero();
            assertThat(stopped.err()).contains("stopping...");
        }
        try (RunningServer again = new RunningServer(cli)) {
            assertThat(again.output()).as("the example is applied to an empty database only")
                    .doesNotContain("applied the bundled example").contains("chat page: ");
        }
    }

    @Test
    void a_chatbot_that_requires_a_key_refuses_chat_without_a_valid_one_with_exit_4(@TempDir Path files)
            throws IOException {
        Path privateBot = files.resolve("private.yaml");
        Files.writeString(privateBot, "apiVersion: smarter.sh/v1\nkind: Chatbot\nmetadata: {name: private_bot}\n"
                + "spec:\n  config: {deployed: true, requiresApiKey: true}\n");
        try (FakeOpenAiServer provider = FakeOpenAiServer.start()) {
            CliHarness cli = new CliHarness(home).env("OPENAI_BASE_URL", provider.url())
                    .env("OPENAI_API_KEY", "sk-test-key-0004");
            assertThat(cli.run("apply", "-f", privateBot.toString()).exitCode()).isZero();
            String key = cli.run("keys", "create").out().strip();
            try (RunningServer server = new RunningServer(cli)) {
                CliHarness.Result noKey = cli.run("chat", "private_bot", "--server", server.url(), "-m", "Hi");
                assertThat(noKey.exitCode()).as(noKey.toString()).isEqualTo(ExitCode.REFUSED);
                assertThat(noKey.err()).contains("requires an API key").contains("(HTTP 401)");

                CliHarness.Result badKey = cli.run("chat", "private_bot", "--server", server.url(), "--api-key",
                        "spk_" + "0".repeat(64), "-m", "Hi");
                assertThat(badKey.exitCode()).as(badKey.toString()).isEqualTo(ExitCode.REFUSED);

                CliHarness.Result goodKey = cli.env("SMARTER_PROMPT_API_KEY", key)
                        .run("chat", "private_bot", "--server", server.url(), "-m", "Hi");
                assertThat(goodKey.exitCode()).as(goodKey.toString()).isZero();
                assertThat(goodKey.out()).isEqualTo("Echo: Hi\n");

                CliHarness.Result history = cli.runWithInput("/history\n", "chat", "private_bot", "--server",
                        server.url());
                assertThat(history.out()).contains("user: Hi", "assistant: Echo: Hi");
            }
        }
    }

    @Test
    void chat_with_a_server_that_is_not_running_fails_in_one_line() {
        CliHarness.Result result = new CliHarness(home).run("chat", "example", "--server", "http://127.0.0.1:9/",
                "-m", "Hi");
        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(result.err()).isEqualTo("prompt chat: cannot reach the server at http://127.0.0.1:9/ (is `prompt "
                + "serve` running?)\n");
    }

    @Test
    void a_port_in_use_is_reported_in_one_line() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliHarness.Result result = new CliHarness(home).run("serve", "--port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(result.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(result.err()).isEqualTo("prompt serve: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is in use (another prompt serve?); choose another with --port\n");
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
