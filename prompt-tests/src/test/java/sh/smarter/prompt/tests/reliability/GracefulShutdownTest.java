package sh.smarter.prompt.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.server.PromptClient;
import sh.smarter.prompt.tests.server.ServeProcess;

/**
 * A deploy stops the server with SIGTERM while prompts wait on a slow provider: {@code /ready} turns 503 at once,
 * new requests are turned away, and every prompt in flight — a streamed one too — gets its whole answer and is
 * stored before the process exits. The server runs as its own process ({@code --log-format json}, whose lines the
 * test reads too).
 */
class GracefulShutdownTest {
    private static final String CHATBOT = "example";
    private static final int PLAIN_PROMPTS = 4;
    private static final Duration PROVIDER_LATENCY = Duration.ofSeconds(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void prompts_waiting_on_a_slow_provider_when_sigterm_arrives_all_get_their_answer_and_are_stored()
            throws Exception {
        Path data = directory.resolve("data");
        try (FakeOpenAiServer provider = FakeOpenAiServer.start()) {
            provider.latency(PROVIDER_LATENCY);
            Map<String, String> environment = Map.of("OPENAI_BASE_URL", provider.url(),
                    "OPENAI_API_KEY", "sk-graceful-test-0015");
            try (ServeProcess serve = ServeProcess.start(directory, ServeProcess.freePort(),
                    List.of("--data-dir", data.toString(), "--shutdown-grace", "60s", "--log-format", "json"),
                    environment)) {
                PromptClient client = serve.client();
                List<CompletableFuture<HttpResponse<String>>> plain = new ArrayList<>();
                for (int i = 1; i <= PLAIN_PROMPTS; i++) {
                    String session = client.newSession(CHATBOT);
                    String input = "question " + i + " before the deploy";
                    plain.add(CompletableFuture.supplyAsync(() -> client.nativePrompt(CHATBOT, session, input)));
                }
                String streamedSession = client.newSession(CHATBOT);
                CompletableFuture<HttpResponse<String>> streamed = client.http().sendAsync(
                        client.request("api/v2/chatbots/" + CHATBOT + "/sessions/" + streamedSession + "/prompt")
                                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"a streamed question\"}"))
                                .build(), HttpResponse.BodyHandlers.ofString());
                provider.awaitRequests(PLAIN_PROMPTS + 1, Duration.ofSeconds(30));

                long signalled = System.nanoTime();
                serve.terminate();
                HttpResponse<String> ready = awaitReadyStatus(client, 503, Duration.ofSeconds(3));
                long readyTurnedMillis = (System.nanoTime() - signalled) / 1_000_000;
                assertThat(ready.statusCode()).as("/ready after SIGTERM: %s", ready.body()).isEqualTo(503);
                assertThat(JSON.readTree(ready.body()).path("status").asText()).isEqualTo("stopping");
                HttpResponse<String> late = client.nativePrompt(CHATBOT, streamedSession, "a prompt after SIGTERM");
                assertThat(late.statusCode()).as("a new prompt while draining: %s", late.body()).isEqualTo(503);
                assertThat(late.headers().firstValue("Retry-After")).isPresent();

                for (int i = 0; i < PLAIN_PROMPTS; i++) {
                    HttpResponse<String> answer = plain.get(i).get(60, TimeUnit.SECONDS);
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    assertThat(JSON.readTree(answer.body()).path("answer").asText())
                            .isEqualTo("Echo: question " + (i + 1) + " before the deploy");
                }
                HttpResponse<String> stream = streamed.get(60, TimeUnit.SECONDS);
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(stream.body()).contains("event: done").contains("Echo: a streamed question");

                int exit = serve.awaitExit(Duration.ofSeconds(60));
                assertThat(exit).as("serve exits by itself after the drain, and says it ended well").isZero();
                System.out.printf("graceful stop: /ready answered 503 %d ms after SIGTERM; %d prompts and 1 "
                        + "stream in flight (provider latency %d ms) all answered%n", readyTurnedMillis,
                        PLAIN_PROMPTS, PROVIDER_LATENCY.toMillis());
                assertJsonLogLines(serve.errorLog());
            }
        }
        StoredTurns stored;
        DatabaseSettings embedded = DatabaseSettings.embeddedH2(data);
        try (Connection connection = DriverManager.getConnection(embedded.jdbcUrl(), embedded.user(),
                embedded.password())) {
            stored = StoredTurns.read(connection);
        }
        assertThat(stored.problems()).as("broken turns in %s", stored).isEmpty();
        for (int i = 1; i <= PLAIN_PROMPTS; i++) {
            String input = "question " + i + " before the deploy";
            assertThat(stored.turnOfInput(input)).as("the stored turn of %s", input).hasValueSatisfying(turn ->
                    assertThat(turn.answer()).contains("Echo: " + input));
        }
        assertThat(stored.turnOfInput("a streamed question")).hasValueSatisfying(turn ->
                assertThat(turn.answer()).contains("Echo: a streamed question"));
        assertThat(stored.turnOfInput("a prompt after SIGTERM")).as("the refused prompt changed nothing").isEmpty();
    }

    private static HttpResponse<String> awaitReadyStatus(PromptClient client, int status, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = client.get("ready");
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(20);
        }
        return last;
    }

    /** Every log line is one JSON object; a turn's line carries its chatbot, abbreviated session and outcome. */
    private static void assertJsonLogLines(String log) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.isBlank() || line.startsWith("WARNING:")) {
                continue; // the JVM's own warnings (for example about native access) are not log lines
            }
            assertThat(line).as("a log line in --log-format json").startsWith("{");
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("logger").asText()).isEqualTo("sh.smarter.prompt.turn");
            assertThat(line.path("chatbot").asText()).isEqualTo(CHATBOT);
            assertThat(line.path("session").asText()).hasSize(9).endsWith("…");
            assertThat(line.path("outcome").asText()).isEqualTo("answered");
            assertThat(line.path("durationMs").asLong()).isGreaterThanOrEqualTo(PROVIDER_LATENCY.toMillis());
            assertThat(line.path("requestId").asText()).isNotEmpty();
        });
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("path").asText()).endsWith("/prompt");
            assertThat(line.path("status").asInt()).isEqualTo(200);
            assertThat(line.path("requestId").asText()).isNotEmpty();
        });
        assertThat(lines).anySatisfy(line -> assertThat(line.path("message").asText())
                .contains("stopped: every request in flight finished"));
    }
}
