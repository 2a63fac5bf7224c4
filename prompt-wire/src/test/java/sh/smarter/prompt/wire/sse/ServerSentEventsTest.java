package sh.smarter.prompt.wire.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    @Test
    void an_event_is_handed_over_at_the_blank_line_that_ends_it() {
        ServerSentEvents events = new ServerSentEvents();

        assertThat(events.accept("data: {\"a\":1}")).isEmpty();
        assertThat(events.accept("id: 7")).isEmpty();
        assertThat(events.accept("retry: 100")).isEmpty();
        assertThat(events.accept("")).contains(new ServerSentEvents.Event("message", "{\"a\":1}"));
        assertThat(events.accept("")).as("a second blank line ends no event").isEmpty();
    }

    @Test
    void a_blank_line_without_data_forgets_the_name_and_dispatches_nothing() {
        ServerSentEvents events = new ServerSentEvents();

        assertThat(events.accept("event: ping")).isEmpty();
        assertThat(events.accept("")).isEmpty();
        assertThat(events.accept("data: [DONE]")).isEmpty();
        assertThat(events.flush()).contains(new ServerSentEvents.Event("message", "[DONE]"));
        assertThat(events.flush()).isEqualTo(Optional.empty());
    }

    @Test
    void a_data_line_without_a_colon_is_an_empty_data_line_and_only_one_leading_space_is_dropped() {
        ServerSentEvents events = new ServerSentEvents();

        events.accept("data");
        events.accept("data:  indented");
        assertThat(events.accept("")).contains(new ServerSentEvents.Event("message", "\n indented"));
    }
}
