package sh.smarter.prompt.wire.sse;

import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A line-by-line reader of a {@code text/event-stream}, for the provider reading a completion stream and the CLI
 * reading a turn from the server. An event ends at a blank line; several {@code data:} lines join with "\n";
 * {@code event:} names it ("message" when unnamed); comments ({@code :...}) and other fields are skipped, as the
 * standard says. Not thread-safe: one per stream.
 */
public final class ServerSentEvents {
    private static final String UNNAMED = "message";

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String name = "";

    /** One event: its name and its data. */
    public record Event(String name, String data) {
        public Event {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(data, "data");
        }
    }

    /** Reads every line and hands each event's name and data to {@code onEvent}, the last one even unterminated. */
    public static void read(Iterator<String> lines, BiConsumer<String, String> onEvent) {
        ServerSentEvents events = new ServerSentEvents();
        while (lines.hasNext()) {
            events.accept(lines.next()).ifPresent(event -> onEvent.accept(event.name(), event.data()));
        }
        events.flush().ifPresent(event -> onEvent.accept(event.name(), event.data()));
    }

    /** Feeds one line (without its line break); returns the event when the line completes one. */
    public Optional<Event> accept(String line) {
        if (line.isEmpty()) {
            return flush();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        } else if (field.equals("event")) {
            name = value;
        }
        return Optional.empty();
    }

    /** The event left open when the stream ended without a final blank line; also what a blank line completes. */
    public Optional<Event> flush() {
        Optional<Event> event = hasData
                ? Optional.of(new Event(name.isEmpty() ? UNNAMED : name, data.toString()))
                : Optional.empty();
        data.setLength(0);
        hasData = false;
        name = "";
        return event;
    }
}
