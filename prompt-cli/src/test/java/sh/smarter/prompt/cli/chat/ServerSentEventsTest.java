package sh.smarter.prompt.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {
    @Test
    void reads_events_with_their_names_multi_line_data_and_skips_comments() {
        List<String> seen = new ArrayList<>();
        ServerSentEvents.read(List.of(": keep-alive", "event: session", "data: {\"session_key\":\"k\"}", "",
                "event: delta", "data:one", "data: two", "", "data: unnamed", "", "event: done", "data: {}")
                .iterator(), (event, data) -> seen.add(event + "=" + data));
        assertThat(seen).containsExactly("session={\"session_key\":\"k\"}", "delta=one\ntwo", "message=unnamed",
                "done={}");
    }
}
