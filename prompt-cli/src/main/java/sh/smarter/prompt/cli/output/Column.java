package sh.smarter.prompt.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/** A table column: its header and how to read its cell from one item. */
public record Column(String header, Function<JsonNode, String> cell) {

    /** A column showing the value at a JSON pointer ("/metadata/name"); empty when absent. */
    public static Column at(String header, String pointer) {
        return new Column(header, item -> text(item.at(pointer)));
    }

    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isArray()) {
            StringBuilder joined = new StringBuilder();
            node.forEach(element -> joined.append(joined.length() == 0 ? "" : ", ").append(text(element)));
            return joined.toString();
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
