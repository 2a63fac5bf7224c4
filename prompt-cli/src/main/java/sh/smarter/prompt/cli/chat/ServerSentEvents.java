package sh.smarter.prompt.cli.chat;

import java.util.Iterator;
import java.util.function.BiConsumer;

/**
 * Reads a text/event-stream: {@code event:} and {@code data:} lines, an empty line ending each event. Comments
 * ({@code :...}) and unknown fields are skipped; several data lines join with newlines, as the standard says.
 */
final class ServerSentEvents {
    private ServerSentEvents() {
    }

    static void read(Iterator<String> lines, BiConsumer<String, String> onEvent) {
        String event = "message";
        StringBuilder data = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (data != null) {
                    onEvent.accept(event, data.toString());
                }
                event = "message";
                data = null;
            } else if (line.startsWith("event:")) {
                event = field(line, "event:");
            } else if (line.startsWith("data:")) {
                data = data == null ? new StringBuilder() : data.append('\n');
                data.append(field(line, "data:"));
            }
        }
        if (data != null) {
            onEvent.accept(event, data.toString());
        }
    }

    private static String field(String line, String name) {
        String value = line.substring(name.length());
        return value.startsWith(" ") ? value.substring(1) : value;
    }
}
