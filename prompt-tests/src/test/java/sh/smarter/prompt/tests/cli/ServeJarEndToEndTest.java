package sh.smarter.prompt.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.RecordedRequest;

/**
 * The product as users run it: {@code java -jar prompt-cli/target/prompt.jar serve} from the jar the build made
 * (this test builds nothing), on a free port and a temporary data directory, pointed at the scripted fake provider
 * through OPENAI_BASE_URL. Two {@code chat --server} prompts in a row share one session.
 */
class ServeJarEndToEndTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final String PROVIDER_KEY = "sk-e2e-secret-key-5678";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path directory;

    @Test
    void the_second_chat_continues_the_session_of_the_first() throws Exception {
        Path jar = RepositoryFiles.shadedJar();
        assertThat(jar).withFailMessage("%s is missing: run mvn package first "
                + "(mvn -q -pl prompt-cli -am package -DskipTests)", jar).exists();
        int port = freePort();
        String url = "http://127.0.0.1:" + port + "/";
        try (FakeOpenAiServer provider = FakeOpenAiServer.start()) {
            provider.answer("Paris.");
            Process server = startServe(jar, port, provider);
            try {
                awaitReady(server, url);
                CliHarness cli = new CliHarness(directory.resolve("client-home"));

                CliHarness.Result first = cli.run("chat", "example", "--server", url, "-m",
                        "What is the capital of France?");
                CliHarness.Result second = cli.run("chat", "example", "--server", url, "-m", "And of Italy?");

                assertThat(first.exitCode()).as(first.toString()).isZero();
                assertThat(first.out()).isEqualTo("Paris.\n");
                assertThat(first.err()).contains("new session ");
                assertThat(second.exitCode()).as(second.toString()).isZero();
                assertThat(second.out()).isEqualTo("Echo: And of Italy?\n");
                assertThat(second.err()).as("the second prompt continues, it does not start a session")
                        .doesNotContain("new session");
                List<RecordedRequest> requests = provider.requests();
                assertThat(requests).hasSize(2);
                assertThat(requests.get(1).header("Authorization")).contains("Bearer " + PROVIDER_KEY);
                assertThat(CliHarness.contents(requests.get(1)))
                        .containsSubsequence("What is the capital of France?", "Paris.", "And of Italy?");
                String remembered = Files.readString(cli.home()
                        .resolve(".local/state/smarter-prompt/last-sessions.properties"));
                Matcher session = Pattern.compile("http\\\\://127.0.0.1\\\\:" + port + "/\\\\ example=([0-9a-f]{64})")
                        .matcher(remembered);
                assertThat(session.find()).as(remembered).isTrue();

                // Another process opens the embedded database while the server holds it (H2's AUTO_SERVER).
                String serverData = directory.resolve("data").toString();
                CliHarness.Result sessions = cli.run("sessions", "list", "example", "--data-dir", serverData, "-o",
                        "json");
                assertThat(sessions.exitCode()).as(sessions.toString()).isZero();
                assertThat(sessions.out()).as("one session: the second prompt continued the first")
                        .containsOnlyOnce("\"session_key\"").contains("\"session_key\" : \"" + session.group(1) + "\"");
            } finally {
                server.destroy(); // SIGTERM: the shutdown hook stops the server, then closes the pool
                assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
            }
        }
        String log = Files.readString(directory.resolve("serve.err"));
        assertThat(log).contains("stopping...").doesNotContain(PROVIDER_KEY);
        assertThat(Files.readString(directory.resolve("serve.out"))).contains("chat page: " + url + "chat/example/",
                "provider:  openai key ****5678 (environment)");
    }

    private Process startServe(Path jar, int port, FakeOpenAiServer provider) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "serve",
                "--port", Integer.toString(port), "--data-dir", directory.resolve("data").toString())
                .redirectOutput(directory.resolve("serve.out").toFile())
                .redirectError(directory.resolve("serve.err").toFile());
        Map<String, String> environment = builder.environment();
        // Nothing of the developer's own configuration may leak in: no real key, no other database.
        environment.keySet().removeIf(name -> name.startsWith("SMARTER_PROMPT_") || name.startsWith("XDG_")
                || name.startsWith("OPENAI_") || name.startsWith("GEMINI_") || name.startsWith("LLAMA_"));
        environment.put("HOME", directory.resolve("server-home").toString());
        environment.put("OPENAI_BASE_URL", provider.url());
        environment.put("OPENAI_API_KEY", PROVIDER_KEY);
        return builder.start();
    }

    private void awaitReady(Process server, String url) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new AssertionError("serve exited with " + server.exitValue() + ": "
                        + Files.readString(directory.resolve("serve.err")));
            }
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(url + "ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("serve was not ready within " + START_TIMEOUT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
