package sh.smarter.prompt.persistence.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.TokenUsage;

class ExchangeCodecTest {
    private static final Instant AT = Instant.parse("2026-12-06T10:00:00Z");
    private static final String ROLE = "You are a friendly, concise assistant who answers in one paragraph.";
    private static final String ANSWER = "The store opens at nine.";

    /** A session of {@code turns} turns: system message, then user, two status lines, the same answer, a status. */
    private static List<Message> session(int turns) {
        List<Message> messages = new ArrayList<>();
        messages.add(stored(1, NewMessage.system("The current date/time is Sunday, 2026-12-06T09:00:00+0000\n" + ROLE)));
        long seq = 2;
        for (int t = 0; t < turns; t++) {
            messages.add(stored(seq++, NewMessage.user("Question " + t + " 😀")));
            messages.add(stored(seq++, NewMessage.smarter("configuration")));
            messages.add(stored(seq++, NewMessage.smarter("tools")));
            messages.add(stored(seq++, NewMessage.assistant(ANSWER)));
            messages.add(stored(seq++, NewMessage.smarter("charges")));
        }
        return messages;
    }

    private static Message stored(long seq, NewMessage draft) {
        return Message.stored(seq, draft, "turn-" + seq, AT);
    }

    private static JsonObject request(JsonArray messages) {
        return JsonObject.builder().put("model", "gpt-4o-mini").put("messages", messages).put("temperature", 0.5)
                .build();
    }

    private static String roundTrip(JsonObject request, List<Message> messages) {
        ExchangeCodec.Candidates candidates = new ExchangeCodec.Candidates();
        candidates.addAll(messages);
        ProviderExchange exchange = new ProviderExchange("t", 1, "openai", "gpt-4o-mini", request, null,
                TokenUsage.NONE, 10, null, AT);
        ExchangeCodec.Encoded encoded = ExchangeCodec.encode(List.of(exchange), candidates);
        Map<Long, Message> bySeq = new HashMap<>();
        messages.forEach(m -> bySeq.put(m.seq(), m));
        String expanded = ExchangeCodec.expanded(encoded.json(), encoded.toolSets()::get);
        ExchangeCodec.Needs needs = ExchangeCodec.needs(List.of(expanded));
        assertThat(bySeq.keySet()).containsAll(needs.seqs());
        List<ProviderExchange> decoded = ExchangeCodec.decode("t", expanded, bySeq::get, encoded.toolSets()::get);
        assertThat(decoded.get(0).request().toJson()).isEqualTo(request.toJson());
        // What the database holds: the turn's column and the texts it names (shape, tool sets), stored once each.
        return encoded.json() + String.join("", encoded.toolSets().values());
    }

    /** The turn's own column, without the shapes and tool sets it shares with other turns. */
    private static String column(JsonObject request, List<Message> messages) {
        ExchangeCodec.Candidates candidates = new ExchangeCodec.Candidates();
        candidates.addAll(messages);
        return ExchangeCodec.encode(List.of(new ProviderExchange("t", 1, "openai", "gpt-4o-mini", request, null,
                TokenUsage.NONE, 10, null, AT)), candidates).json();
    }

    @Test
    void a_window_of_fifty_messages_between_status_lines_is_stored_in_a_few_bytes_and_reads_back_as_sent() {
        List<Message> messages = session(40);
        JsonArray.Builder window = JsonArray.builder();
        window.add(JsonObject.builder().put("role", "system")
                .put("content", "The current date/time is Sunday, 2026-12-06T10:00:00+0000\n" + ROLE).build());
        messages.stream().filter(m -> !m.role().isInternal() && m.seq() > 1).skip(30)
                .forEach(m -> window.add(ChatRequest.messageJson(m.draft())));
        JsonObject request = request(window.build());

        String stored = roundTrip(request, messages);

        assertThat(stored).doesNotContain(ROLE).doesNotContain(ANSWER).doesNotContain("Question");
        // 51 messages, 2.5 KB as sent: the system message's date line and one string of seqs remain per turn.
        assertThat(stored).contains("\"77:3,2*24;3\"");
        assertThat(column(request, messages)).hasSizeLessThan(250);
    }

    @Test
    void a_plugin_role_added_to_the_system_message_is_kept_beside_a_reference_to_the_stored_one() {
        List<Message> messages = session(2);
        JsonObject system = JsonObject.builder().put("role", "system").put("content",
                "The current date/time is Sunday, 2026-12-06T10:00:00+0000\n" + ROLE + "\n\nAnd also:\nTalk like a 🏴‍☠️.")
                .build();
        JsonObject request = request(JsonArray.of(system, ChatRequest.messageJson(messages.get(1).draft())));

        String stored = roundTrip(request, messages);

        assertThat(stored).doesNotContain(ROLE).contains("Talk like a");
    }

    @Test
    void messages_that_differ_from_every_stored_one_or_repeat_one_out_of_order_read_back_as_sent() {
        List<Message> messages = session(3);
        JsonObject reordered = JsonObject.builder().put("content", "Question 0 😀").put("role", "user").build();
        JsonObject request = request(JsonArray.of(
                ChatRequest.messageJson(messages.get(9).draft()),
                ChatRequest.messageJson(messages.get(4).draft()),
                reordered,
                JsonObject.builder().put("role", "system").put("content", "short").build(),
                ChatRequest.messageJson(messages.get(4).draft()),
                ChatRequest.messageJson(messages.get(1).draft()),
                ChatRequest.messageJson(messages.get(1).draft())));

        roundTrip(request, messages);
    }

    @Test
    void turns_of_one_chatbot_share_one_shape_and_a_value_that_looks_like_a_hole_reads_back() {
        List<Message> messages = session(3);
        JsonObject first = request(JsonArray.of(ChatRequest.messageJson(messages.get(1).draft())));
        JsonObject second = JsonObject.builder().put("model", "gpt-4o-mini")
                .put("messages", JsonArray.of(ChatRequest.messageJson(messages.get(6).draft())))
                .put("temperature", 0.5).build();
        JsonObject odd = JsonObject.builder().put("model", "\u0000").put("messages", JsonArray.of(
                JsonObject.builder().put("role", "user").put("content", "\u0000").build())).put("n", 1).build();

        ExchangeCodec.Candidates candidates = new ExchangeCodec.Candidates();
        candidates.addAll(messages);
        ExchangeCodec.Encoded a = ExchangeCodec.encode(List.of(new ProviderExchange("t", 1, "openai", "gpt-4o-mini",
                first, null, TokenUsage.NONE, 10, null, AT)), candidates);
        ExchangeCodec.Encoded b = ExchangeCodec.encode(List.of(new ProviderExchange("t", 1, "openai", "gpt-4o-mini",
                second, null, TokenUsage.NONE, 12, null, AT.plusSeconds(60))), candidates);

        assertThat(a.toolSets()).isEqualTo(b.toolSets()).hasSize(1);
        roundTrip(odd, messages);
    }

    @Test
    void a_tool_set_met_again_in_another_member_order_or_number_spelling_reads_back_as_it_was_sent() {
        List<Message> messages = session(1);
        JsonArray tools = (JsonArray) Json.parse("[{\"type\":\"function\",\"function\":{\"name\":\"calculator\","
                + "\"parameters\":{}}}]");
        JsonArray reordered = (JsonArray) Json.parse("[{\"function\":{\"parameters\":{},\"name\":\"calculator\"},"
                + "\"type\":\"function\"}]");
        assertThat(reordered).isEqualTo(tools);
        JsonArray respelled = (JsonArray) Json.parse("[{\"type\":\"function\",\"function\":{\"name\":\"calculator\","
                + "\"parameters\":{\"minimum\":2}}}]");
        JsonArray respelledAgain = (JsonArray) Json.parse("[{\"type\":\"function\",\"function\":{\"name\":"
                + "\"calculator\",\"parameters\":{\"minimum\":2.0}}}]");
        assertThat(respelledAgain).isEqualTo(respelled);
        // Sets met lately are remembered with their text: an equal set written otherwise must not take that text.
        for (JsonArray set : List.of(tools, reordered, tools, reordered, respelled, respelledAgain)) {
            roundTrip(JsonObject.builder().put("model", "gpt-4o-mini")
                    .put("messages", JsonArray.of(ChatRequest.messageJson(messages.get(1).draft())))
                    .put("tools", set).build(), messages);
        }
    }

    @Test
    void seq_sequences_write_repeating_steps_once_and_read_back_every_seq() {
        List<List<Long>> cases = List.of(List.of(7L, 8L), List.of(372L, 375L, 377L, 380L, 382L, 385L),
                List.of(10L, 9L, 9L, 30L, 31L, 32L, 33L, 34L, 1L), List.of(5L, 6L, 8L, 11L, 15L));
        for (List<Long> seqs : cases) {
            assertThat(SeqSequence.decode(SeqSequence.encode(seqs))).isEqualTo(seqs);
        }
        List<Long> window = new ArrayList<>();
        for (long seq = 372; window.size() < 50; seq += window.size() % 2 == 1 ? 3 : 2) {
            window.add(seq);
        }
        assertThat(SeqSequence.encode(window)).isEqualTo("372:3,2*24;3");
    }

    @Test
    void exchanges_stored_by_an_earlier_version_with_seq_runs_still_read_back() {
        List<Message> messages = session(1);
        String earlier = "[{\"round\":1,\"usage\":[0,0,0],\"latency_ms\":1,\"created_at\":\"2026-12-06T10:00:00Z\","
                + "\"request_refs\":{\"messages\":[[1,2],{\"role\":\"user\",\"content\":\"x\"},5]}}]";
        Map<Long, Message> bySeq = new HashMap<>();
        messages.forEach(m -> bySeq.put(m.seq(), m));

        JsonObject request = ExchangeCodec.decode("t", earlier, bySeq::get, hash -> null).get(0).request();

        assertThat(request.get("messages")).isEqualTo(JsonArray.of(
                ChatRequest.messageJson(messages.get(0).draft()), ChatRequest.messageJson(messages.get(1).draft()),
                Json.parse("{\"role\":\"user\",\"content\":\"x\"}"), ChatRequest.messageJson(messages.get(4).draft())));
    }
}
