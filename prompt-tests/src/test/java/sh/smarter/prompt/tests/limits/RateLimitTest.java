package sh.smarter.prompt.tests.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.http.limit.RateLimitSettings;

/**
 * The default rate limits over real HTTP, on the JPA store, with the fake provider: a burst of hundreds of prompts
 * from one client, or into one session, is refused with 429 and {@code Retry-After} in the error envelope once the
 * limit is met; a refused prompt creates no session, stores nothing and never reaches the provider. An API key has
 * a bucket of its own on the native and CLI APIs.
 */
class RateLimitTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final RateLimitSettings LIMITS = RateLimitSettings.DEFAULTS;
    /** The burst: 300 anonymous prompts in a row from one client. */
    private static final int BURST = 300;

    private final LimitsServer server = new LimitsServer(NOW, LIMITS);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_burst_of_new_sessions_from_one_address_is_refused_after_the_limit_and_never_reaches_the_provider() {
        List<String> accepted = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            String input = "burst " + i;
            HttpResponse<String> response = server.widgetPrompt("open", null, input);
            if (response.statusCode() == 429) {
                assertRefusal(response, "too many requests from this client address: at most "
                        + LIMITS.perClientAddress() + " a minute", "1");
                refused.add(input);
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                accepted.add(input);
            }
        }

        // A minute's worth passes at once (the buckets' clock stands still during the burst), the rest is refused.
        assertThat(accepted).hasSize(LIMITS.perClientAddress())
                .startsWith("burst 0", "burst 1").endsWith("burst " + (LIMITS.perClientAddress() - 1));
        assertThat(refused).hasSize(BURST - LIMITS.perClientAddress());
        assertThat(server.provider.requestCount()).isEqualTo(accepted.size());
        assertThat(refused).allSatisfy(input -> assertThat(server.providerCallsFor(input)).isZero());
        assertThat(server.engine.sessionStore().countSessionsByChatbot().values().stream().mapToLong(n -> n).sum())
                .as("sessions stored").isEqualTo(accepted.size());

        // The configuration endpoint shares the address's bucket: a refused one starts no session either.
        HttpResponse<String> config = server.postJson("api/v1/chatbots/open/config/", "{}", null);
        assertThat(config.statusCode()).isEqualTo(429);
        assertThat(server.engine.sessionStore().countSessionsByChatbot().values().stream().mapToLong(n -> n).sum())
                .isEqualTo(accepted.size());

        // Retry-After said 1 s (a minute's worth refills in a minute: one request every half second).
        server.bucketTime.advance(Duration.ofMillis(500));
        assertThat(server.widgetPrompt("open", null, "after the wait").statusCode()).isEqualTo(200);
        assertThat(server.providerCallsFor("after the wait")).isEqualTo(1);
    }

    @Test
    void a_burst_into_one_session_is_refused_after_the_session_limit_and_stores_nothing_of_the_refused_prompts() {
        String session = server.newSession("open");
        List<String> refused = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < 3 * LIMITS.perSession(); i++) {
            String input = "same session " + i;
            HttpResponse<String> response = server.widgetPrompt("open", session, input);
            if (response.statusCode() == 429) {
                assertRefusal(response, "too many requests from this session: at most " + LIMITS.perSession()
                        + " a minute", "3");
                refused.add(input);
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                accepted++;
            }
        }

        assertThat(accepted).isEqualTo(LIMITS.perSession());
        assertThat(refused).hasSize(2 * LIMITS.perSession());
        assertThat(refused).allSatisfy(input -> assertThat(server.providerCallsFor(input)).isZero());
        String stored = server.get("api/v2/chatbots/open/sessions/" + session + "/messages?limit=500",
                server.keyOfA).body();
        assertThat(stored).contains("same session 0");
        assertThat(refused).allSatisfy(input -> assertThat(stored).doesNotContain("\"" + input + "\""));
    }

    @Test
    void an_api_key_has_its_own_bucket_on_the_native_and_cli_apis() {
        int accepted = 0;
        HttpResponse<String> refusal = null;
        for (int i = 0; i < LIMITS.perApiKey() + 60 && refusal == null; i++) {
            HttpResponse<String> response = server.get("api/v1/cli/whoami/", server.keyOfA);
            if (response.statusCode() == 429) {
                refusal = response;
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                accepted++;
            }
        }

        // More than one address may send: the key's limit is its own, not the address's.
        assertThat(accepted).isEqualTo(LIMITS.perApiKey()).isGreaterThan(LIMITS.perClientAddress());
        assertThat(refusal).isNotNull();
        assertRefusal(refusal, "too many requests from this API key: at most " + LIMITS.perApiKey() + " a minute",
                "1");
        HttpResponse<String> nativeWithKey = server.nativePrompt("open", "with the spent key", server.keyOfA);
        assertThat(nativeWithKey.statusCode()).isEqualTo(429);
        assertThat(server.providerCallsFor("with the spent key")).isZero();
        // The same address without the key counts against the address's bucket, which is still full.
        HttpResponse<String> anonymous = server.nativePrompt("open", "without a key", null);
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(200);
        assertThat(server.providerCallsFor("without a key")).isEqualTo(1);
    }

    @Test
    void the_openai_endpoint_refuses_in_openai_shape() {
        try (LimitsServer small = new LimitsServer(NOW, new RateLimitSettings(120, 20, 2))) {
            assertThat(small.get("v1/models", small.keyOfA).statusCode()).isEqualTo(200);
            assertThat(small.get("v1/models", small.keyOfA).statusCode()).isEqualTo(200);

            HttpResponse<String> refused = small.get("v1/models", small.keyOfA);

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).contains("30");
            JsonNode error = LimitsServer.json(refused.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(error.path("message").asText()).startsWith("too many requests from this API key: at most 2");
        }
    }

    /** 429, Retry-After in whole seconds (the wait for one request, rounded up), and the usual error envelope. */
    private static void assertRefusal(HttpResponse<String> response, String description, String retryAfter) {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains(retryAfter);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        JsonNode envelope = LimitsServer.json(response.body());
        assertThat(envelope.at("/error/errorClass").asText()).isEqualTo("SmarterRateLimited");
        assertThat(envelope.at("/error/status").asText()).isEqualTo("429");
        assertThat(envelope.at("/description").asText()).startsWith(description);
        assertThat(envelope.path("request_id").asText()).isNotBlank();
    }
}
