package sh.smarter.prompt.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;

/**
 * {@code prompt serve --metrics}: GET /metrics in the Prometheus text format. Scrape, prompt, scrape again: each
 * counter moved by what the prompts did, no more.
 */
class ServeMetricsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void a_scrape_after_three_prompts_shows_their_outcomes_provider_calls_retries_tools_and_tokens()
            throws Exception {
        try (FakeOpenAiServer provider = FakeOpenAiServer.start()) {
            CliHarness cli = new CliHarness(home).env("OPENAI_BASE_URL", provider.url())
                    .env("OPENAI_API_KEY", "sk-metrics-test-0001");
            try (RunningServer server = new RunningServer(cli, "--metrics")) {
                HttpResponse<String> first = get(server.url() + "metrics", null);
                assertThat(first.statusCode()).isEqualTo(200);
                assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                        assertThat(type).startsWith("text/plain; version=0.0.4"));
                assertThat(first.body()).contains("jvm_memory_used_bytes{", "process_uptime_seconds ",
                        "hikaricp_connections_active{", "smarter_prompt_turns_in_flight ");
                Map<String, Double> before = samples(first.body());

                String session = newSession(server.url());
                // 1: a tool round then the answer; 2: one 503 that the adapter retries, then the answer;
                // 3: a 400 that is not retried: the turn is stored with its error line.
                provider.callTools(FakeOpenAiServer.toolCall("calculator", "{\"expression\":\"6*7\"}"))
                        .answer("It is 42.")
                        .fail(503, "overloaded, try again")
                        .answer("Hello again.")
                        .fail(400, "this request is not valid");
                JsonNode toolTurn = prompt(server.url(), session, "What is 6*7?", 200);
                JsonNode retriedTurn = prompt(server.url(), session, "Hello?", 200);
                prompt(server.url(), session, "And now?", 502);

                String scrape = get(server.url() + "metrics", null).body();
                System.out.println("/metrics after three prompts (the product's and the pool's lines):");
                scrape.lines().filter(line -> line.contains("smarter_prompt_") || line.startsWith("hikaricp_"))
                        .forEach(System.out::println);
                Map<String, Double> after = samples(scrape);
                Map<String, Double> moved = delta(before, after);
                assertThat(moved.get("smarter_prompt_turns_total{outcome=\"answered\"}")).isEqualTo(2.0);
                assertThat(moved.get("smarter_prompt_turns_total{outcome=\"provider_error\"}")).isEqualTo(1.0);
                assertThat(moved.get("smarter_prompt_provider_calls_total{provider=\"openai\",result=\"answered\"}"))
                        .as("two rounds of the tool turn, one of the retried turn").isEqualTo(3.0);
                assertThat(moved.get("smarter_prompt_provider_calls_total{provider=\"openai\",result=\"failed\"}"))
                        .isEqualTo(1.0);
                assertThat(moved.get("smarter_prompt_provider_retries_total{provider=\"openai\"}")).isEqualTo(1.0);
                assertThat(moved.get("smarter_prompt_tool_calls_total{function=\"calculator\",plugin=\"\"}"))
                        .isEqualTo(1.0);
                long promptTokens = toolTurn.at("/usage/prompt_tokens").asLong()
                        + retriedTurn.at("/usage/prompt_tokens").asLong();
                long completionTokens = toolTurn.at("/usage/completion_tokens").asLong()
                        + retriedTurn.at("/usage/completion_tokens").asLong();
                assertThat(promptTokens).isPositive();
                assertThat(moved.get("smarter_prompt_tokens_total{chatbot=\"example\",kind=\"prompt\"}"))
                        .isEqualTo((double) promptTokens);
                assertThat(moved.get("smarter_prompt_tokens_total{chatbot=\"example\",kind=\"completion\"}"))
                        .isEqualTo((double) completionTokens);
                assertThat(moved.get("smarter_prompt_turn_duration_seconds_count{part=\"total\"}")).isEqualTo(3.0);
                assertThat(moved.get("smarter_prompt_turn_duration_seconds_count{part=\"server\"}")).isEqualTo(3.0);
                assertThat(moved.get("smarter_prompt_turn_duration_seconds_count{part=\"provider\"}")).isEqualTo(3.0);
                assertThat(after.get("smarter_prompt_turn_duration_seconds_sum{part=\"provider\"}"))
                        .as("the provider's share is part of the total")
                        .isLessThanOrEqualTo(after.get("smarter_prompt_turn_duration_seconds_sum{part=\"total\"}"));
                assertThat(after.get("smarter_prompt_turns_in_flight")).isEqualTo(0.0);
                assertThat(after.get("smarter_prompt_provider_waiting")).isEqualTo(0.0);
                assertThat(moved.entrySet().stream().filter(e -> e.getKey().startsWith(
                        "hikaricp_connections_acquire_seconds_count")).mapToDouble(Map.Entry::getValue).sum())
                        .as("the pool handed out connections for the turns").isPositive();
            }
        }
    }

    @Test
    void metrics_are_off_by_default_and_a_token_guards_them_when_set() throws Exception {
        CliHarness cli = new CliHarness(home);
        try (RunningServer server = new RunningServer(cli)) {
            assertThat(get(server.url() + "metrics", null).statusCode()).isEqualTo(404);
        }
        try (RunningServer server = new RunningServer(cli.env("SMARTER_PROMPT_METRICS_TOKEN", "scrape-secret-77"),
                "--metrics")) {
            HttpResponse<String> anonymous = get(server.url() + "metrics", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("jvm_").contains("Authorization: Bearer");
            assertThat(get(server.url() + "metrics", "Bearer wrong-secret").statusCode()).isEqualTo(401);
            HttpResponse<String> scrape = get(server.url() + "metrics", "Bearer scrape-secret-77");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("smarter_prompt_turns_in_flight ");
        }
    }

    @Test
    void bad_operations_settings_are_refused_with_the_setting_named() {
        CliHarness cli = new CliHarness(home);
        CliHarness.Result grace = cli.run("serve", "--port", "0", "--shutdown-grace", "soon");
        assertThat(grace.exitCode()).isEqualTo(2);
        assertThat(grace.err()).contains("--shutdown-grace must be a duration such as 30s");
        CliHarness.Result format = cli.env("SMARTER_PROMPT_LOG_FORMAT", "xml").run("serve", "--port", "0");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("SMARTER_PROMPT_LOG_FORMAT must be text or json, got xml");
    }

    /** Every sample of a scrape: the series (name and labels, as printed) to its value. */
    static Map<String, Double> samples(String scrape) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> moved = new LinkedHashMap<>();
        after.forEach((series, value) -> moved.put(series, value - before.getOrDefault(series, 0.0)));
        return moved;
    }

    private static String newSession(String url) throws IOException, InterruptedException {
        HttpResponse<String> config = HTTP.send(HttpRequest.newBuilder(URI.create(url
                        + "api/v1/chatbots/example/config/")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).isEqualTo(200);
        return JSON.readTree(config.body()).at("/data/session_key").asText();
    }

    private static JsonNode prompt(String url, String session, String input, int status)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url
                        + "api/v2/chatbots/example/sessions/" + session + "/prompt"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("input", input).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String url, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
