package sh.smarter.prompt.providers.openai;

import java.util.Optional;

/**
 * A line-by-line Server-Sent Events reader that yields the {@code data} of each event: an event ends at a blank
 * line; several {@code data:} lines join with "\n"; comments ({@code :}) and other fields are ignored. Not
 * thread-safe: one per stream.
 */
final class ServerSentEvents {
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    /** Feeds one line (without its line break); returns the event's data when the line completes an event. */
    Optional<String> accept(String line) {
        if (line.isEmpty()) {
            return flush();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        if (!field.equals("data")) {
            return Optional.empty();
        }
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (hasData) {
            data.append('\n');
        }
        data.append(value);
        hasData = true;
        return Optional.empty();
    }

    /** The data of an event left open when the stream ended without a final blank line. */
    Optional<String> flush() {
        if (!hasData) {
            return Optional.empty();
        }
        String event = data.toString();
        data.setLength(0);
        hasData = false;
        return Optional.of(event);
    }
}
