package sh.smarter.prompt.core.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.ToolCall;

class ChatRequestTest {
    private final ChatRequest request = new ChatRequest("gpt-4o-mini",
            List.of(NewMessage.system("Be brief."), NewMessage.user("Hello 😀")), 0.5, 256, List.of());

    @Test
    void the_body_is_written_once_and_every_later_caller_gets_that_text() {
        AtomicInteger writes = new AtomicInteger();
        byte[] first = request.bodyText(body -> {
            writes.incrementAndGet();
            return body.toJson().getBytes(StandardCharsets.UTF_8);
        });
        byte[] again = request.bodyText(body -> {
            writes.incrementAndGet();
            return new byte[0];
        });

        assertThat(writes).hasValue(1);
        assertThat(again).isSameAs(first);
        assertThat(Json.parse(new String(first, StandardCharsets.UTF_8))).isEqualTo(request.toJson());
        assertThat(request.writtenBody().orElseThrow().toString()).isEqualTo(request.toJson().toJson());
    }

    @Test
    void a_body_no_adapter_wrote_has_no_text() {
        assertThat(request.writtenBody()).isEmpty();
    }

    @Test
    void a_message_sent_again_turn_after_turn_is_rendered_once_and_renders_what_it_says() {
        NewMessage stored = NewMessage.assistant("Opening hours: 9:00 to 17:00 \ud83d\ude00", List.of());
        NewMessage sameTextNextTurn = new NewMessage(stored.role(), new String(stored.content()), null, null, null);

        assertThat(ChatRequest.messageJson(sameTextNextTurn)).isSameAs(ChatRequest.messageJson(stored));
        assertThat(ChatRequest.messageJson(stored).toJson())
                .isEqualTo("{\"role\":\"assistant\",\"content\":\"Opening hours: 9:00 to 17:00 \ud83d\ude00\"}");
        assertThat(ChatRequest.messageJson(NewMessage.user("Opening hours: 9:00 to 17:00 \ud83d\ude00")).toJson())
                .as("another role is another rendering").startsWith("{\"role\":\"user\"");
    }

    @Test
    void a_message_that_requests_tools_is_rendered_each_time_from_what_it_holds() {
        NewMessage call = NewMessage.assistant("",
                List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Bern\"}")));

        assertThat(ChatRequest.messageJson(call)).isNotSameAs(ChatRequest.messageJson(call))
                .isEqualTo(ChatRequest.messageJson(call));
        assertThat(ChatRequest.messageJson(call).toJson()).isEqualTo("{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Bern\\\"}\"}}]}");
    }
}
