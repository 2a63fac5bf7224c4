package sh.smarter.prompt.tests.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.Reply;

/** The fake model server itself: script order, fallback, reset, and many slow requests at once. */
class FakeOpenAiServerTest {
    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        server.close();
    }

    private CompletableFuture<HttpResponse<String>> post(String userText) {
        String body = JsonObject.builder().put("model", "m").put("messages", Json.parse(
                "[{\"role\":\"user\",\"content\":" + Json.of(userText).toJson() + "}]")).build().toJson();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String contentOf(HttpResponse<String> response) {
        JsonObject completion = (JsonObject) Json.parse(response.body());
        JsonObject choice = (JsonObject) completion.array("choices").orElseThrow().get(0);
        return choice.object("message").orElseThrow().string("content").orElse(null);
    }

    @Test
    void steps_answer_in_order_then_the_fallback_echoes() throws Exception {
        server.answer("first").fail(503, "busy").answer("third");

        HttpResponse<String> first = post("a").get(5, TimeUnit.SECONDS);
        HttpResponse<String> second = post("b").get(5, TimeUnit.SECONDS);
        HttpResponse<String> third = post("c").get(5, TimeUnit.SECONDS);
        HttpResponse<String> fourth = post("hello there").get(5, TimeUnit.SECONDS);

        assertThat(contentOf(first)).isEqualTo("first");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.body()).contains("\"message\":\"busy\"");
        assertThat(contentOf(third)).isEqualTo("third");
        assertThat(contentOf(fourth)).isEqualTo("Echo: hello there");
        assertThat(server.requests()).extracting(r -> r.lastUserMessage().orElseThrow())
                .containsExactly("a", "b", "c", "hello there");
        assertThat(server.remainingSteps()).isZero();
    }

    @Test
    void reset_forgets_script_requests_and_fallback() throws Exception {
        server.answer("scripted").otherwise(Reply.text("fixed")).latency(Duration.ofSeconds(5));
        server.reset();

        HttpResponse<String> response = post("after reset").get(2, TimeUnit.SECONDS);

        assertThat(contentOf(response)).isEqualTo("Echo: after reset");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void a_hanging_request_is_cut_when_the_server_closes() throws Exception {
        server.hang();
        CompletableFuture<HttpResponse<String>> pending = post("anyone?");
        server.awaitRequests(1, Duration.ofSeconds(2));

        server.close();

        assertThat(pending).failsWithin(Duration.ofSeconds(3));
    }

    @Test
    void many_slow_requests_wait_at_once_without_a_thread_each() throws Exception {
        int requests = 500;
        server.latency(Duration.ofSeconds(2));
        long started = System.nanoTime();

        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            pending.add(post("request " + i));
        }
        server.awaitRequests(requests, Duration.ofSeconds(20));
        long serverThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("fake-openai-")).count();
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(pending).allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(200));
        assertThat(contentOf(pending.get(123).join())).isEqualTo("Echo: request 123");
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(2000);
        // Hundreds were waiting at once, yet the server ran on its fixed handler pool and two timer threads.
        int handlerPool = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
        assertThat(serverThreads).isLessThanOrEqualTo(handlerPool + 2);
    }
}
