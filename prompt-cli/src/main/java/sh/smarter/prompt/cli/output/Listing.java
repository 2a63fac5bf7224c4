package sh.smarter.prompt.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a read command shows: items (as JSON, the form json and yaml output print), the table columns that present
 * them, and what to say when there are none.
 */
public record Listing(List<JsonNode> items, List<Column> columns, String whenEmpty) {
    public Listing {
        items = List.copyOf(items);
        columns = List.copyOf(columns);
    }
}
