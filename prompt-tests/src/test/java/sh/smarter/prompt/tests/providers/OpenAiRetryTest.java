package sh.smarter.prompt.tests.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.RecordedRequest;
import sh.smarter.prompt.tests.fake.Reply;

/** What is retried, how long the adapter waits, and when it gives up. */
class OpenAiRetryTest {
    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final OpenAiCompatibleProvider adapter = Providers.adapter();
    private final ProviderSettings provider = Providers.provider(server.url());

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatCompletion ask() {
        return adapter.complete(provider, Providers.simpleRequest("Hello?"));
    }

    private ProviderException failure() {
        return catchThrowableOfType(ProviderException.class, this::ask);
    }

    private static long millisBetween(RecordedRequest first, RecordedRequest second) {
        return (second.receivedAtNanos() - first.receivedAtNanos()) / 1_000_000;
    }

    @Test
    void a_429_with_retry_after_is_retried_after_the_time_the_provider_asked_for() {
        server.failWithRetryAfter(429, 1).answer("Hi after waiting");

        long started = System.nanoTime();
        ChatCompletion completion = ask();
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(completion.content()).isEqualTo("Hi after waiting");
        List<RecordedRequest> requests = server.requests();
        assertThat(requests).hasSize(2);
        assertThat(millisBetween(requests.get(0), requests.get(1))).isGreaterThanOrEqualTo(950);
        assertThat(elapsedMillis).isBetween(950L, 3000L);
        assertThat(requests.get(1).bodyText()).isEqualTo(requests.get(0).bodyText());
    }

    @Test
    void two_500s_then_success_take_three_requests() {
        server.fail(500, "The server had an error").fail(500, "The server had an error").answer("Third time");

        assertThat(ask().content()).isEqualTo("Third time");
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void bad_gateway_and_unavailable_are_retried_too() {
        server.fail(502, "Bad gateway").fail(503, "Overloaded").answer("Fine");

        assertThat(ask().content()).isEqualTo("Fine");
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void a_401_is_not_retried_and_names_provider_status_and_message_without_the_key() {
        server.fail(401, "Incorrect API key provided. You can find your API key at platform.example.");

        ProviderException error = failure();

        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAILED);
        assertThat(error.status()).isEqualTo(401);
        assertThat(error.provider()).isEqualTo("fake");
        assertThat(error.getMessage())
                .contains("provider fake", "401", "Incorrect API key provided")
                .doesNotContain(Providers.KEY);
    }

    @Test
    void other_client_errors_are_not_retried() {
        for (int status : new int[] {400, 403, 404, 422}) {
            server.reset();
            server.fail(status, "nope " + status);

            ProviderException error = failure();

            assertThat(server.requestCount()).as("requests for %d", status).isEqualTo(1);
            assertThat(error.status()).isEqualTo(status);
            assertThat(error.getMessage()).contains(Integer.toString(status), "nope " + status);
        }
    }

    @Test
    void a_hang_ends_at_the_request_timeout_with_a_timeout_error() {
        OpenAiCompatibleProvider impatient = Providers.adapter(Providers.FAST
                .withRequestTimeout(Duration.ofMillis(400)));
        server.hang();

        long started = System.nanoTime();
        ProviderException error = catchThrowableOfType(ProviderException.class,
                () -> impatient.complete(provider, Providers.simpleRequest("Hello?")));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_TIMEOUT);
        assertThat(error.getMessage()).contains("provider fake", "did not answer within 400 ms");
        assertThat(elapsedMillis).isBetween(350L, 2000L);
        assertThat(server.requestCount()).as("a timeout is not retried").isEqualTo(1);
    }

    @Test
    void an_answer_whose_body_stalls_after_its_headers_ends_at_the_request_timeout_too() throws IOException {
        OpenAiCompatibleProvider impatient = Providers.adapter(Providers.FAST
                .withRequestTimeout(Duration.ofMillis(400)));
        ProviderException error;
        long elapsedMillis;
        try (ServerSocket stalling = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answerer = new Thread(() -> answerHeadersThenStall(stalling), "stalling-provider");
            answerer.setDaemon(true);
            answerer.start();
            ProviderSettings stalled = Providers.provider("http://127.0.0.1:" + stalling.getLocalPort() + "/v1/");

            long started = System.nanoTime();
            error = catchThrowableOfType(ProviderException.class,
                    () -> impatient.complete(stalled, Providers.simpleRequest("Hello?")));
            elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        }

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_TIMEOUT);
        assertThat(error.getMessage()).contains("provider fake", "did not answer within 400 ms");
        assertThat(elapsedMillis).as("cut at the deadline, not at the end of the body").isBetween(350L, 1900L);
        assertThat(Thread.interrupted()).as("the deadline's interrupt does not outlive the call").isFalse();
    }

    /** The status line and headers of a 1,000-byte JSON answer, its first byte, and then nothing for 5 s. */
    private static void answerHeadersThenStall(ServerSocket listening) {
        try (Socket socket = listening.accept()) {
            socket.getInputStream().read(new byte[8192]);
            socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(5_000);
        } catch (IOException | InterruptedException e) {
            // the client went away: what the test wants
        }
    }

    @Test
    void a_streamed_call_that_hangs_also_ends_at_the_timeout() {
        OpenAiCompatibleProvider impatient = Providers.adapter(Providers.FAST
                .withRequestTimeout(Duration.ofMillis(400)));
        server.hang();

        ProviderException error = catchThrowableOfType(ProviderException.class,
                () -> impatient.stream(provider, Providers.simpleRequest("Hello?"), delta -> { }));

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_TIMEOUT);
        assertThat(error.getMessage()).contains("provider fake", "400 ms");
    }

    @Test
    void the_number_of_attempts_is_bounded() {
        server.otherwise(Reply.error(500, "always broken"));

        ProviderException error = failure();

        assertThat(server.requestCount()).isEqualTo(Providers.FAST.maxAttempts());
        assertThat(error.status()).isEqualTo(500);
        assertThat(error.getMessage()).contains("always broken", "after 3 attempts");
    }

    @Test
    @SuppressWarnings("CheckReturnValue") // only the attempt count matters here; the tests above check the failure
    void a_single_attempt_setting_never_retries() {
        OpenAiCompatibleProvider once = Providers.adapter(Providers.FAST.withMaxAttempts(1));
        server.otherwise(Reply.error(503, "busy"));

        catchThrowableOfType(ProviderException.class, () -> once.complete(provider,
                Providers.simpleRequest("Hello?")));

        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void a_retry_after_longer_than_the_configured_maximum_fails_at_once() {
        server.failWithRetryAfter(429, 120).answer("too late");

        ProviderException error = failure();

        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(error.status()).isEqualTo(429);
        assertThat(error.getMessage()).contains("retry after 120 s", "5 s");
    }

    @Test
    void a_retry_after_given_as_an_http_date_is_honoured() {
        String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)
                .plusSeconds(2));
        server.then(Reply.error(503, "maintenance").withHeader("Retry-After", inTwoSeconds)).answer("back");

        assertThat(ask().content()).isEqualTo("back");
        List<RecordedRequest> requests = server.requests();
        // The date has a one-second resolution: the wait is between 1 and 2 seconds.
        assertThat(millisBetween(requests.get(0), requests.get(1))).isGreaterThanOrEqualTo(900);
    }

    @Test
    void a_plain_http_provider_that_redirects_is_followed_to_where_it_points() throws IOException {
        server.answer("Hi from where the redirect pointed");
        try (ServerSocket redirecting = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread redirector = new Thread(() -> redirectEveryCall(redirecting, server.url() + "chat/completions"),
                    "redirecting-provider");
            redirector.setDaemon(true);
            redirector.start();
            ProviderSettings moved = Providers.provider("http://127.0.0.1:" + redirecting.getLocalPort() + "/v1/");

            ChatCompletion completion = adapter.complete(moved, Providers.simpleRequest("Hello?"));

            assertThat(completion.content()).isEqualTo("Hi from where the redirect pointed");
            assertThat(server.requests()).hasSize(1);
            assertThat(server.requests().get(0).bodyText()).contains("Hello?");
        }
    }

    /** Answers every request with a 307 to {@code location}, which keeps the method and the body. */
    private static void redirectEveryCall(ServerSocket listening, String location) {
        while (!listening.isClosed()) {
            try (Socket socket = listening.accept()) {
                socket.getInputStream().read(new byte[64 * 1024]);
                socket.getOutputStream().write(("HTTP/1.1 307 Temporary Redirect\r\nLocation: " + location
                        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Test
    void a_server_that_cannot_be_reached_is_retried_then_reported() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ProviderSettings nowhere = Providers.provider("http://127.0.0.1:" + closedPort + "/v1/");

        ProviderException error = catchThrowableOfType(ProviderException.class,
                () -> adapter.complete(nowhere, Providers.simpleRequest("Hello?")));

        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAILED);
        assertThat(error.status()).isZero();
        assertThat(error.getMessage()).contains("provider fake could not be reached at http://127.0.0.1:"
                + closedPort + "/v1/", "after 3 attempts");
    }

    @Test
    void a_malformed_completion_is_a_clear_error_and_not_retried() {
        server.malformedJson();

        ProviderException error = failure();

        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(error.kind()).isEqualTo(ErrorKind.PROVIDER_FAILED);
        assertThat(error.getMessage()).contains("provider fake returned a malformed completion");
    }

    @Test
    void a_completion_without_choices_is_malformed() {
        server.then(Reply.noChoices());

        assertThat(failure().getMessage()).contains("provider fake returned a malformed completion",
                "no choices");
    }

    @Test
    void a_streamed_call_is_retried_while_nothing_was_streamed_yet() {
        server.fail(503, "warming up").answer("streamed after a retry");
        StringBuilder text = new StringBuilder();

        ChatCompletion completion = adapter.stream(provider, Providers.simpleRequest("Hello?"), text::append);

        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(text).hasToString("streamed after a retry");
        assertThat(completion.content()).isEqualTo("streamed after a retry");
    }
}
