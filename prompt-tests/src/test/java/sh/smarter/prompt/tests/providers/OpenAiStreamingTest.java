package sh.smarter.prompt.tests.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.Reply;

/** Streaming: deltas as they arrive, and the same completion as without streaming. */
class OpenAiStreamingTest {
    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final OpenAiCompatibleProvider adapter = Providers.adapter();
    private final ProviderSettings provider = Providers.provider(server.url());

    @AfterEach
    void stop() {
        server.close();
    }

    /** A delta and when it arrived. */
    private record Arrival(String text, long atNanos) {
    }

    @Test
    void deltas_arrive_in_order_while_the_stream_is_still_open() {
        // A first call warms up the HTTP client and the JSON parser, which would otherwise delay the first delta.
        server.answer("warm").answerStreamed("one two three four five", Duration.ofMillis(150));
        adapter.stream(provider, Providers.simpleRequest("Warm up"), delta -> { });
        List<Arrival> arrivals = new CopyOnWriteArrayList<>();

        ChatCompletion completion = adapter.stream(provider, Providers.simpleRequest("Count to five"),
                delta -> arrivals.add(new Arrival(delta, System.nanoTime())));
        long returnedAt = System.nanoTime();

        assertThat(arrivals).extracting(Arrival::text).containsExactly("one ", "two ", "three ", "four ", "five");
        // 9 frames 150 ms apart: the first word must be seen long before the server sends [DONE], and the words
        // arrive spread over the stream (600 ms from first to last as sent), not in one batch at the end. The
        // spread is asserted as a whole: a loaded machine may delay one delta and hand over the next at once.
        long firstDeltaBeforeEndMillis = (returnedAt - arrivals.get(0).atNanos()) / 1_000_000;
        assertThat(firstDeltaBeforeEndMillis).isGreaterThanOrEqualTo(600);
        long firstToLastMillis = (arrivals.get(arrivals.size() - 1).atNanos() - arrivals.get(0).atNanos()) / 1_000_000;
        assertThat(firstToLastMillis).as("from the first delta to the last").isGreaterThanOrEqualTo(400);
        assertThat(completion.content()).isEqualTo("one two three four five");
    }

    @Test
    void a_stream_may_last_longer_than_the_request_timeout_while_chunks_keep_coming() {
        OpenAiCompatibleProvider impatient = Providers.adapter(Providers.FAST
                .withRequestTimeout(Duration.ofMillis(500)));
        server.answerStreamed("a stream that takes well over the timeout in total", Duration.ofMillis(200));

        long started = System.nanoTime();
        ChatCompletion completion = impatient.stream(provider, Providers.simpleRequest("Talk"), delta -> { });

        assertThat(completion.content()).isEqualTo("a stream that takes well over the timeout in total");
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThan(1500);
    }

    @Test
    void a_stream_that_stalls_longer_than_the_request_timeout_is_cut() {
        OpenAiCompatibleProvider impatient = Providers.adapter(Providers.FAST
                .withRequestTimeout(Duration.ofMillis(300)));
        server.answerStreamed("slow words", Duration.ofMillis(1000));
        List<String> deltas = new CopyOnWriteArrayList<>();

        ProviderException error = catchThrowableOfType(ProviderException.class,
                () -> impatient.stream(provider, Providers.simpleRequest("Talk"), deltas::add));

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_TIMEOUT);
        assertThat(error.getMessage()).contains("provider fake", "300 ms");
        assertThat(server.requestCount()).as("a timeout is not retried").isEqualTo(1);
    }

    @Test
    void a_streamed_answer_assembles_into_the_same_completion_as_the_plain_one() {
        Reply answer = Reply.text("The answer is 42, as computed.").withId("chatcmpl-same");
        server.then(answer).then(answer);

        ChatCompletion plain = adapter.complete(provider, Providers.simpleRequest("6*7?"));
        StringBuilder deltas = new StringBuilder();
        ChatCompletion streamed = adapter.stream(provider, Providers.simpleRequest("6*7?"), deltas::append);

        assertThat(streamed).isEqualTo(plain);
        assertThat(streamed.raw()).isEqualTo(plain.raw());
        assertThat(streamed.usage().totalTokens()).isPositive();
        assertThat(deltas).hasToString("The answer is 42, as computed.");
    }

    @Test
    void streamed_tool_calls_assemble_into_the_same_completion_as_the_plain_one() {
        Reply answer = Reply.toolCalls(
                FakeOpenAiServer.toolCall("call_calc", "calculator", "{\"expression\":\"(6*7) + sqrt(16)\"}"),
                FakeOpenAiServer.toolCall("call_wx", "get_current_weather",
                        "{\"location\":\"San Francisco, CA\",\"unit\":\"USCS\"}"))
                .withId("chatcmpl-tools");
        server.then(answer).then(answer);

        ChatCompletion plain = adapter.complete(provider, Providers.simpleRequest("Compute and check weather"));
        List<String> deltas = new CopyOnWriteArrayList<>();
        ChatCompletion streamed = adapter.stream(provider, Providers.simpleRequest("Compute and check weather"),
                deltas::add);

        assertThat(streamed).isEqualTo(plain);
        assertThat(streamed.toolCalls()).containsExactly(
                new ToolCall("call_calc", "calculator", "{\"expression\":\"(6*7) + sqrt(16)\"}"),
                new ToolCall("call_wx", "get_current_weather",
                        "{\"location\":\"San Francisco, CA\",\"unit\":\"USCS\"}"));
        assertThat(streamed.finishReason()).isEqualTo("tool_calls");
        assertThat(streamed.content()).isNull();
        assertThat(deltas).isEmpty();
    }

    @Test
    void a_stream_that_ends_before_it_is_finished_is_an_error_not_a_truncated_answer() throws IOException {
        String frames = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Half an \"},"
                + "\"finish_reason\":null}]}\n\n";
        try (RawSseServer raw = new RawSseServer(frames)) {
            List<String> deltas = new CopyOnWriteArrayList<>();

            ProviderException error = catchThrowableOfType(ProviderException.class,
                    () -> adapter.stream(Providers.provider(raw.url()), Providers.simpleRequest("Hi"), deltas::add));

            assertThat(deltas).containsExactly("Half an ");
            assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAILED);
            assertThat(error.getMessage()).contains("malformed completion", "ended before");
        }
    }

    @Test
    void comments_crlf_line_ends_and_a_missing_done_are_tolerated() throws IOException {
        String frames = ": keep-alive\r\n\r\n"
                + "event: message\r\ndata:{\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":2,"
                + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                + "\"finish_reason\":null}]}\r\n\r\n"
                + "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":2,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n";
        try (RawSseServer raw = new RawSseServer(frames)) {
            ChatCompletion completion = adapter.stream(Providers.provider(raw.url()), Providers.simpleRequest("Hi"),
                    delta -> { });

            assertThat(completion.content()).isEqualTo("Hi");
            assertThat(completion.finishReason()).isEqualTo("stop");
            assertThat(completion.raw().get("created").toJson()).isEqualTo("2");
        }
    }

    @Test
    void an_error_event_inside_the_stream_is_reported_with_the_providers_message() throws IOException {
        String frames = "data: {\"error\":{\"message\":\"The model is overloaded\",\"type\":\"server_error\"}}\n\n";
        try (RawSseServer raw = new RawSseServer(frames)) {
            ProviderException error = catchThrowableOfType(ProviderException.class,
                    () -> adapter.stream(Providers.provider(raw.url()), Providers.simpleRequest("Hi"), d -> { }));

            assertThat(error.getMessage()).contains("provider fake", "The model is overloaded");
        }
    }

    /** Serves fixed SSE text to every request, for the stream shapes the fake does not produce. */
    private static final class RawSseServer implements AutoCloseable {
        private final HttpServer http;

        RawSseServer(String body) throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            http.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            });
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/v1/";
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
