package sh.smarter.prompt.core.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.session.NewMessage;

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
}
