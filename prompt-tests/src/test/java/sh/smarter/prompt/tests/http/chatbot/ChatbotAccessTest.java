package sh.smarter.prompt.tests.http.chatbot;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.chatbot.Envelopes.assertError;
import static sh.smarter.prompt.tests.http.chatbot.Envelopes.assertSuccess;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** API keys on the chatbot endpoints (SPEC 5.2): required by {@code locked}, ignored when empty on public ones. */
class ChatbotAccessTest {
    private static final ChatbotServer SERVER = ChatbotServer.inMemory();
    private static final String LOCKED = "api/v1/chatbots/locked/";
    private static final String HELLO = "{\"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}";

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Test
    void a_chatbot_requiring_a_key_refuses_callers_without_one() {
        ChatbotServer.Counts before = SERVER.counts();
        assertError(call(LOCKED + "prompt/", null, HELLO), 401);
        assertError(call(LOCKED + "config/", null, ""), 401);
        assertError(call(LOCKED + "prompt/", "Bearer", HELLO), 401);
        assertError(call(LOCKED + "prompt/", "Token spk_unknown_key_000000000000", HELLO), 401);
        assertThat(SERVER.counts()).isEqualTo(before);
    }

    @Test
    void a_chatbot_requiring_a_key_refuses_a_key_of_another_account() {
        ChatbotServer.Counts before = SERVER.counts();
        assertError(call(LOCKED + "prompt/", "Token " + SERVER.keyOfB, HELLO), 403);
        assertError(call(LOCKED + "config/", "Bearer " + SERVER.keyOfB, ""), 403);
        assertThat(SERVER.counts()).isEqualTo(before);
    }

    @Test
    void a_chatbot_requiring_a_key_accepts_its_own_accounts_key_as_token_or_bearer() {
        assertSuccess(call(LOCKED + "prompt/", "Token " + SERVER.keyOfA, HELLO), "prompt", "Chatbot");
        assertSuccess(call(LOCKED + "config/", "Bearer " + SERVER.keyOfA, ""), "chat_config", "ChatConfig");
        assertThat(SERVER.postJson(LOCKED + "config/", "").statusCode()).isEqualTo(401);
    }

    @Test
    void a_public_chatbot_ignores_empty_and_unknown_bearer_values() {
        for (String authorization : new String[] {"Bearer", "Bearer ", "Bearer null", "Bearer undefined",
            "Bearer not-a-real-key", "Token " + SERVER.keyOfB}) {
            assertSuccess(call("api/v1/chatbots/example/prompt/", authorization, HELLO), "prompt", "Chatbot");
        }
    }

    private static HttpResponse<String> call(String path, String authorization, String json) {
        HttpRequest.Builder request = SERVER.request(path).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return SERVER.send(request.POST(HttpRequest.BodyPublishers.ofString(json)));
    }
}
