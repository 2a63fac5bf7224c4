package sh.smarter.prompt.http.smartercli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import sh.smarter.prompt.http.server.HttpJson;

/**
 * A table the Go client prints: {@code titles} name the columns and their Django serializer field types (it parses
 * {@code DateTimeField} values as RFC 3339), {@code items} are rows keyed by the same names.
 */
final class CliTable {
    static final String TEXT = "CharField";
    static final String TIME = "DateTimeField";
    static final String NUMBER = "IntegerField";
    static final String BOOLEAN = "BooleanField";

    private final ArrayNode titles = HttpJson.array();
    private final List<ObjectNode> items = new ArrayList<>();

    CliTable column(String name, String type) {
        titles.addObject().put("name", name).put("type", type);
        return this;
    }

    /** A new row, already part of the table; fill it with the columns' names. */
    ObjectNode row() {
        ObjectNode row = HttpJson.object();
        items.add(row);
        return row;
    }

    int size() {
        return items.size();
    }

    ObjectNode toJson() {
        ObjectNode json = HttpJson.object();
        json.set("titles", titles);
        items.forEach(json.putArray("items")::add);
        return json;
    }
}
