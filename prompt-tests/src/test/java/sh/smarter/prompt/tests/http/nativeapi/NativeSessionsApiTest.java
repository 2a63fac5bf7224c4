package sh.smarter.prompt.tests.http.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.nativeapi.PromptApiServer.input;
import static sh.smarter.prompt.tests.http.nativeapi.PromptApiServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import sh.smarter.prompt.core.session.Message;

/** Listing, reading, paging, exporting and deleting sessions through {@code /api/v2}, with access rules. */
class NativeSessionsApiTest {
    private static final String SESSIONS = "api/v2/chatbots/example/sessions";

    @RegisterExtension
    static final PromptApiServer api = PromptApiServer.start();

    private static String newSession(String text) {
        HttpResponse<String> response = api.postJson("api/v2/chatbots/example/prompt", null, input(text));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("session_key").asText();
    }

    private static void promptIn(String key, String text) {
        HttpResponse<String> response = api.postJson(SESSIONS + "/" + key + "/prompt", null, input(text));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void cursor_paging_visits_every_session_once_in_both_orders() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(newSession("paging " + i));
        }
        for (String order : List.of("desc", "asc")) {
            List<String> seen = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                String path = SESSIONS + "?limit=3&order=" + order + (cursor == null ? "" : "&cursor=" + cursor);
                HttpResponse<String> response = api.get(path, api.keyOfA);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode page = json(response);
                assertThat(page.get("items").size()).isLessThanOrEqualTo(3);
                page.get("items").forEach(item -> {
                    seen.add(item.get("session_key").asText());
                    updated.add(item.get("updated_at").asText());
                    assertThat(item.get("chatbot").asText()).isEqualTo("example");
                });
                cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
                pages++;
            } while (cursor != null && pages < 20);
            assertThat(seen).doesNotHaveDuplicates().containsAll(created);
            Comparator<Instant> newestFirst = Comparator.reverseOrder();
            assertThat(updated.stream().map(Instant::parse).toList())
                    .isSortedAccordingTo(order.equals("asc") ? Comparator.naturalOrder() : newestFirst);
        }
    }

    @Test
    void a_session_reads_with_its_fields() {
        String key = newSession("First line of the title\nsecond line");
        JsonNode session = json(api.get(SESSIONS + "/" + key, api.keyOfA));
        assertThat(session.get("session_key").asText()).isEqualTo(key);
        assertThat(session.get("title").asText()).isEqualTo("First line of the title");
        assertThat(session.get("last_seq").asLong()).isEqualTo(api.storedMessages(api.example, key).size());
        assertThat(keys(session)).containsExactly("session_key", "chatbot", "title", "created_at", "updated_at",
                "last_seq", "ip_address", "user_agent", "url");
        assertThat(api.get(SESSIONS + "/" + key + "/", api.keyOfA).statusCode()).isEqualTo(200);
        // Keys are accepted in upper case, as SPEC 4 says.
        assertThat(api.get(SESSIONS + "/" + key.toUpperCase(Locale.ROOT), api.keyOfA).statusCode()).isEqualTo(200);
    }

    @Test
    void message_pages_walk_the_whole_session_in_order() {
        String key = newSession("one");
        promptIn(key, "two");
        promptIn(key, "three");
        List<Message> stored = api.storedMessages(api.example, key);
        List<Long> seqs = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        long after = 0;
        for (int pages = 0; pages < 50; pages++) {
            JsonNode page = json(api.get(SESSIONS + "/" + key + "/messages?limit=2&after_seq=" + after, api.keyOfA));
            page.get("items").forEach(m -> {
                seqs.add(m.get("seq").asLong());
                contents.add(m.get("content").asText());
                assertThat(m.has("role") && m.has("created_at") && m.has("turn_id")).isTrue();
            });
            if (page.get("next_after_seq").isNull()) {
                break;
            }
            after = page.get("next_after_seq").asLong();
        }
        assertThat(seqs).isEqualTo(stored.stream().map(Message::seq).toList());
        assertThat(contents).isEqualTo(stored.stream().map(Message::content).toList());
        assertThat(contents).contains("one", "two", "three", "Echo: three");
    }

    @Test
    void exports_as_json_and_ndjson_equal_the_stored_messages() {
        String key = newSession("export me");
        promptIn(key, "and me");
        List<Message> stored = api.storedMessages(api.example, key);

        HttpResponse<String> asJson = api.get(SESSIONS + "/" + key + "/export?format=json", api.keyOfA);
        assertThat(asJson.statusCode()).isEqualTo(200);
        assertThat(asJson.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(asJson.headers().firstValue("Content-Disposition").orElse("")).contains("session-" + key);
        List<JsonNode> fromJson = new ArrayList<>();
        json(asJson).forEach(fromJson::add);

        HttpResponse<String> asNdjson = api.get(SESSIONS + "/" + key + "/export?format=ndjson", api.keyOfA);
        assertThat(asNdjson.statusCode()).isEqualTo(200);
        assertThat(asNdjson.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        List<JsonNode> fromNdjson = asNdjson.body().lines().map(PromptApiServer::json).toList();

        assertThat(fromJson).isEqualTo(fromNdjson);
        assertThat(fromJson).hasSize(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            Message m = stored.get(i);
            JsonNode exported = fromJson.get(i);
            assertThat(exported.get("seq").asLong()).isEqualTo(m.seq());
            assertThat(exported.get("role").asText()).isEqualTo(m.role().wireName());
            assertThat(exported.get("content").asText()).isEqualTo(m.content());
            assertThat(exported.get("turn_id").asText()).isEqualTo(m.turnId());
            assertThat(Instant.parse(exported.get("created_at").asText())).isEqualTo(m.createdAt());
        }
        // The default format is JSON.
        assertThat(json(api.get(SESSIONS + "/" + key + "/export", api.keyOfA))).isEqualTo(json(asJson));
    }

    @Test
    void delete_answers_204_and_then_the_session_is_gone() {
        String key = newSession("delete me");
        HttpResponse<String> deleted = api.delete(SESSIONS + "/" + key, api.keyOfA);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        for (String path : List.of(SESSIONS + "/" + key, SESSIONS + "/" + key + "/messages",
                SESSIONS + "/" + key + "/export")) {
            HttpResponse<String> response = api.get(path, api.keyOfA);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(json(response).get("error").get("errorClass").asText()).isEqualTo("SmarterNotFound");
        }
        assertThat(api.delete(SESSIONS + "/" + key, api.keyOfA).statusCode()).isEqualTo(404);
        assertThat(api.postJson(SESSIONS + "/" + key + "/prompt", null, input("hello?")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void without_a_key_nothing_is_readable_and_another_account_sees_nothing() {
        String key = newSession("private");
        List<String> paths = List.of(SESSIONS, SESSIONS + "/" + key, SESSIONS + "/" + key + "/messages",
                SESSIONS + "/" + key + "/export");
        for (String path : paths) {
            HttpResponse<String> anonymous = api.get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(json(anonymous).get("description").asText()).contains("API key");
            assertThat(api.get(path, "spk_not_a_key").statusCode()).as(path).isEqualTo(401);
            HttpResponse<String> foreign = api.get(path, api.keyOfB);
            assertThat(foreign.statusCode()).as(path).isEqualTo(404);
            assertThat(json(foreign).get("description").asText()).doesNotContain(key);
        }
        assertThat(api.delete(SESSIONS + "/" + key, api.keyOfB).statusCode()).isEqualTo(404);
        assertThat(api.delete(SESSIONS + "/" + key, null).statusCode()).isEqualTo(401);
        assertThat(api.get(SESSIONS + "/" + key, api.keyOfA).statusCode()).isEqualTo(200);
        // Bearer works like Token.
        assertThat(api.send(api.request(SESSIONS, null).header("Authorization", "Bearer " + api.keyOfA).GET())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void bad_parameters_are_400_with_the_envelope() {
        String key = newSession("params");
        List<String> paths = List.of(SESSIONS + "?limit=0", SESSIONS + "?limit=501", SESSIONS + "?limit=ten",
                SESSIONS + "?order=sideways", SESSIONS + "?cursor=not-a-cursor",
                SESSIONS + "/" + key + "/messages?after_seq=-1", SESSIONS + "/" + key + "/messages?limit=1001",
                SESSIONS + "/" + key + "/export?format=xml", SESSIONS + "/abc", SESSIONS + "/abc/messages");
        for (String path : paths) {
            HttpResponse<String> response = api.get(path, api.keyOfA);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            JsonNode error = json(response);
            assertThat(keys(error)).contains("error", "description", "context", "api", "metadata", "request_id");
            assertThat(error.get("error").get("status").asText()).isEqualTo("400");
        }
        assertThat(api.get("api/v2/chatbots/nobody/sessions", api.keyOfA).statusCode()).isEqualTo(404);
    }

    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
