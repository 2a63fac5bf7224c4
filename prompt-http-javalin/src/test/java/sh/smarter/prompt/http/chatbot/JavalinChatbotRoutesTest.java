package sh.smarter.prompt.http.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.http.PromptHttpApi;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.PromptHttpServer;

/** The routes wired on a real server, in process; prompt-tests holds the full end-to-end suite. */
class JavalinChatbotRoutesTest {
    private final ChatbotFixture fixture = new ChatbotFixture();
    private final PromptHttpServer server = PromptHttpApi.start(fixture.engine, HttpSettings.onPort(0));
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void serves_the_configuration_on_every_path_and_method() throws Exception {
        for (String path : new String[] {"api/v1/chatbots/example/config/", "api/v1/chatbots/example/prompt/config/",
            "api/v1/chatbots/example/config", "api/v1/accounts/1111-2222-3333/chatbots/example/prompt/config/"}) {
            for (String method : new String[] {"GET", "POST"}) {
                HttpResponse<String> response = send(method, path, "");
                assertThat(response.statusCode()).as(method + " " + path).isEqualTo(200);
                JsonNode json = HttpJson.MAPPER.readTree(response.body());
                assertThat(json.at("/metadata/command").asText()).isEqualTo("chat_config");
                assertThat(json.at("/data/chatbot/url_chatbot").asText())
                        .startsWith(server.localUrl() + "api/v1/").endsWith("/chatbots/example/prompt/");
            }
        }
    }

    @Test
    void keeps_the_account_qualified_form_in_url_chatbot() throws Exception {
        JsonNode json = HttpJson.MAPPER.readTree(send("POST",
                "api/v1/accounts/1111-2222-3333/chatbots/example/config/", "{}").body());
        assertThat(json.at("/data/chatbot/url_chatbot").asText())
                .isEqualTo(server.localUrl() + "api/v1/accounts/1111-2222-3333/chatbots/example/prompt/");
        assertThat(send("POST", "api/v1/accounts/4444-5555-6666/chatbots/example/config/", "").statusCode())
                .isEqualTo(404);
        assertThat(send("POST", "api/v1/accounts/not-a-number/chatbots/example/config/", "").statusCode())
                .isEqualTo(404);
    }

    @Test
    void prompts_and_refuses_get_with_the_envelope() throws Exception {
        HttpResponse<String> ok = send("POST", "api/v1/chatbots/example/prompt/",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(HttpJson.MAPPER.readTree(ok.body()).at("/data/body").isTextual()).isTrue();

        HttpResponse<String> get = send("GET", "api/v1/chatbots/example/prompt/", "");
        assertThat(get.statusCode()).isEqualTo(405);
        JsonNode error = HttpJson.MAPPER.readTree(get.body());
        assertThat(error.at("/error/status").asText()).isEqualTo("405");
        assertThat(error.at("/metadata/command").asText()).isEqualTo("prompt");
        assertThat(get.headers().firstValue("Allow")).contains("POST, OPTIONS");
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.localUrl() + path))
                .header("Content-Type", "application/json");
        request = body.isEmpty() ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
