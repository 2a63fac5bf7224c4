package sh.smarter.prompt.tests.http.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** CORS preflights on the chatbot endpoints (SPEC 5.2): {@code example} allows one origin besides the server's. */
class ChatbotCorsTest {
    private static final ChatbotServer SERVER = ChatbotServer.inMemory();

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Test
    void allows_the_chatbots_origin_with_credentials_and_the_components_headers() {
        for (String path : new String[] {"api/v1/chatbots/example/prompt/", "api/v1/chatbots/example/config/"}) {
            HttpResponse<String> response = preflight(path, ChatbotServer.ALLOWED_ORIGIN);

            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo(ChatbotServer.ALLOWED_ORIGIN);
            assertThat(header(response, "Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(header(response, "Access-Control-Allow-Methods")).contains("POST");
            assertThat(header(response, "Access-Control-Allow-Headers")).contains("authorization", "content-type",
                    "accept", "x-csrftoken", "x-requested-with", "x-smarter-client");
            Envelopes.assertRequestId(response);
        }
        HttpResponse<String> actual = SERVER.send(SERVER.request("api/v1/chatbots/example/config/")
                .header("Origin", ChatbotServer.ALLOWED_ORIGIN).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(header(actual, "Access-Control-Allow-Origin")).isEqualTo(ChatbotServer.ALLOWED_ORIGIN);
    }

    @Test
    void refuses_other_origins_without_cors_headers() {
        HttpResponse<String> response = preflight("api/v1/chatbots/example/prompt/", "https://evil.example.net");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        Envelopes.assertError(response, 403);
        // The origin allowed for one chatbot is not allowed for another.
        assertThat(preflight("api/v1/chatbots/other/prompt/", ChatbotServer.ALLOWED_ORIGIN).statusCode())
                .isEqualTo(403);
    }

    private static HttpResponse<String> preflight(String path, String origin) {
        return SERVER.send(SERVER.request(path).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type, x-csrftoken, x-smarter-client")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse("(missing)");
    }
}
