package sh.smarter.prompt.tests.http.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.nativeapi.NativeSessionsApiTest.keys;
import static sh.smarter.prompt.tests.http.nativeapi.PromptApiServer.input;
import static sh.smarter.prompt.tests.http.nativeapi.PromptApiServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.Reply;

/**
 * Streaming a turn as Server-Sent Events, through the real adapter streaming from the fake provider: events come
 * while the provider still sends, the stored turn is the one a plain request stores, and a client that leaves
 * mid-stream still gets its turn stored.
 */
class NativeStreamingTest {
    private static final String PROMPT = "api/v2/chatbots/example/prompt";
    private static final Duration CHUNK_DELAY = Duration.ofMillis(150);
    private static final Pattern PROMPT_TOKENS =
            Pattern.compile("\\d+ prompt tokens, (\\d+) completion tokens = \\d+");

    @RegisterExtension
    static final PromptApiServer api = PromptApiServer.start();

    /** One event as it arrived, with when. */
    record Event(String name, JsonNode data, long atNanos) {
    }

    private static List<Event> stream(String path, String body) {
        HttpRequest request = api.request(path, null).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Stream<String>> response = api.client().send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            List<Event> events = new ArrayList<>();
            String name = null;
            for (Iterator<String> lines = response.body().iterator(); lines.hasNext(); ) {
                String line = lines.next();
                if (line.startsWith("event: ")) {
                    name = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    events.add(new Event(name, json(line.substring("data: ".length())), System.nanoTime()));
                }
            }
            return events;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<Event> named(List<Event> events, String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    @Test
    void events_arrive_while_the_provider_is_still_sending() {
        String answer = "alpha beta gamma delta epsilon zeta eta theta";
        api.fake.answerStreamed(answer, CHUNK_DELAY);
        List<Event> events = stream(PROMPT, input("Stream me something"));

        assertThat(events.get(0).name()).isEqualTo("session");
        String key = events.get(0).data().get("session_key").asText();
        assertThat(key).matches("[0-9a-f]{64}");
        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("done");
        List<Event> deltas = named(events, "delta");
        assertThat(deltas.size()).isGreaterThan(4);
        // The first piece of text was read long before the provider finished: at least four chunk delays before.
        long gap = last.atNanos() - deltas.get(0).atNanos();
        assertThat(Duration.ofNanos(gap)).isGreaterThan(CHUNK_DELAY.multipliedBy(4));
        assertThat(deltas.stream().map(e -> e.data().get("text").asText()).reduce("", String::concat))
                .isEqualTo(answer);
        // Status lines come as message events before the text, the final answer after it.
        List<Event> messages = named(events, "message");
        assertThat(messages.get(0).data().get("role").asText()).isEqualTo("smarter");
        assertThat(events.indexOf(messages.get(0))).isLessThan(events.indexOf(deltas.get(0)));
        assertThat(messages).anyMatch(m -> m.data().get("role").asText().equals("assistant")
                && m.data().get("content").asText().equals(answer));

        JsonNode done = last.data();
        assertThat(keys(done)).containsExactly("session_key", "turn_id", "answer", "messages", "tool_calls",
                "usage", "model");
        assertThat(done.get("session_key").asText()).isEqualTo(key);
        assertThat(done.get("answer").asText()).isEqualTo(answer);
        List<Message> stored = api.storedMessages(api.example, key);
        assertThat(done.get("messages").get(done.get("messages").size() - 1).get("seq").asLong())
                .isEqualTo(stored.get(stored.size() - 1).seq());
    }

    @Test
    void the_stored_turn_equals_the_non_streamed_one() {
        scriptToolTurn(Duration.ZERO);
        HttpResponse<String> plain = api.postJson(PROMPT, null, input("What is 6*7?"));
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        String plainKey = json(plain).get("session_key").asText();

        scriptToolTurn(Duration.ofMillis(20));
        List<Event> events = stream(PROMPT, input("What is 6*7?"));
        JsonNode done = named(events, "done").get(0).data();
        String streamedKey = done.get("session_key").asText();

        assertThat(streamedKey).isNotEqualTo(plainKey);
        List<String> plainTurn = comparable(api.storedMessages(api.example, plainKey));
        List<String> streamedTurn = comparable(api.storedMessages(api.example, streamedKey));
        assertThat(plainTurn).hasSizeGreaterThan(5);
        assertThat(streamedTurn).isEqualTo(plainTurn);
        assertThat(plainTurn).anyMatch(m -> m.startsWith("tool|") && m.contains("42"));
        // The done event is the plain answer's shape, with the same content.
        JsonNode plainJson = json(plain);
        assertThat(done.get("answer")).isEqualTo(plainJson.get("answer"));
        assertThat(done.get("tool_calls")).isEqualTo(plainJson.get("tool_calls"));
        assertThat(done.get("usage").get("completion_tokens")).isEqualTo(plainJson.get("usage")
                .get("completion_tokens"));
        assertThat(done.get("messages").findValuesAsText("content"))
                .isEqualTo(plainJson.get("messages").findValuesAsText("content"));
    }

    private static void scriptToolTurn(Duration chunkDelay) {
        api.fake.callTools(FakeOpenAiServer.toolCall("call_42", "calculator", "{\"expression\": \"6*7\"}"))
                .then(Reply.text("It is 42, computed.").withChunkDelay(chunkDelay));
    }

    /**
     * What a message says, without what differs between two runs: time, turn id, the system line's clock, and the
     * prompt token count, which the fake derives from the size of the whole request body (a streamed request
     * carries "stream" options; a real provider counts the messages, which are equal).
     */
    private static List<String> comparable(List<Message> messages) {
        return messages.stream().filter(m -> m.role() != Role.SYSTEM)
                .map(m -> m.role().wireName() + "|" + PROMPT_TOKENS.matcher(String.valueOf(m.content()))
                        .replaceAll("N prompt tokens, $1 completion tokens = N")
                        + "|" + m.toolCalls() + "|" + m.toolCallId() + "|" + m.name())
                .toList();
    }

    @Test
    void a_client_that_leaves_mid_stream_still_gets_its_turn_stored() throws Exception {
        String answer = String.join(" ", java.util.Collections.nCopies(20, "word"));
        api.fake.answerStreamed(answer, Duration.ofMillis(100));
        URI uri = URI.create(api.url(PROMPT + "?stream=true"));
        byte[] body = input("I will not wait").getBytes(StandardCharsets.UTF_8);
        String key = null;
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data: {\"session_key\"")) {
                    key = json(line.substring("data: ".length())).get("session_key").asText();
                }
                if (line.equals("event: delta")) {
                    break; // leave after the first piece of the answer
                }
            }
        }
        assertThat(key).isNotNull();
        Optional<Message> stored = awaitAnswer(key, Duration.ofSeconds(15));
        assertThat(stored).as("the turn of the client that left").isPresent();
        assertThat(stored.get().content()).isEqualTo(answer);
        assertThat(api.storedMessages(api.example, key)).extracting(Message::content).contains("I will not wait");
        // The server is none the worse for it.
        assertThat(api.get("health", null).statusCode()).isEqualTo(200);
    }

    private static Optional<Message> awaitAnswer(String key, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Message> answer = api.store.find(api.example.id(), sh.smarter.prompt.core.session.SessionKey
                    .parse(key)).stream()
                    .flatMap(s -> api.store.messagesAfter(s.id(), 0, 1000).stream())
                    .filter(m -> m.role() == Role.ASSISTANT)
                    .reduce((first, second) -> second);
            if (answer.isPresent()) {
                return answer;
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    @Test
    void a_provider_failure_ends_the_stream_with_an_error_event_naming_the_session() {
        api.fake.fail(500, "The server had an error");
        List<Event> events = stream(PROMPT, input("fail while streaming"));
        assertThat(events.get(0).name()).isEqualTo("session");
        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.data().get("error").get("status").asText()).isEqualTo("502");
        String key = last.data().get("session_key").asText();
        assertThat(key).isEqualTo(events.get(0).data().get("session_key").asText());
        assertThat(api.storedMessages(api.example, key)).extracting(Message::role).contains(Role.SMARTER_ERROR);
    }

    @Test
    void requests_that_fail_before_the_turn_keep_their_status_and_json() {
        HttpResponse<String> unknown = api.send(api.request("api/v2/chatbots/example/sessions/" + "cd".repeat(32)
                + "/prompt", null).header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(input("hello"))));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json(unknown).get("error").get("errorClass").asText()).isEqualTo("SmarterNotFound");
        HttpResponse<String> bad = api.send(api.request(PROMPT + "?stream=true", null)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(api.fake.requestCount()).isZero();
    }
}
