package sh.smarter.prompt.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Prints what read commands produce in the chosen format. YAML prints one document per item, separated by
 * {@code ---}: the output of {@code get chatbots -o yaml} is a manifest file that {@code apply -f} takes back.
 */
public final class Printer {
    public static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();
    /** Longer cells are cut in tables; json and yaml show everything. */
    private static final int MAX_CELL = 60;

    private final PrintWriter out;
    private final OutputFormat format;

    public Printer(PrintWriter out, OutputFormat format) {
        this.out = out;
        this.format = format;
    }

    public void list(Listing listing) {
        switch (format) {
            case JSON -> {
                ArrayNode array = JSON.createArrayNode();
                listing.items().forEach(array::add);
                out.println(json(array));
            }
            case YAML -> {
                for (int i = 0; i < listing.items().size(); i++) {
                    out.print(i == 0 ? "" : "---\n");
                    out.print(yaml(listing.items().get(i)));
                }
            }
            case TABLE -> {
                if (listing.items().isEmpty()) {
                    out.println(listing.whenEmpty());
                } else {
                    table(listing.columns(), listing.items());
                }
            }
        }
        out.flush();
    }

    /** One object; as a table, one row per field path ("spec.config.defaultModel  gpt-4o-mini"). */
    public void object(JsonNode node) {
        switch (format) {
            case JSON -> out.println(json(node));
            case YAML -> out.print(yaml(node));
            case TABLE -> {
                List<JsonNode> rows = new ArrayList<>();
                flatten("", node, rows);
                table(List.of(Column.at("FIELD", "/field"), Column.at("VALUE", "/value")), rows);
            }
        }
        out.flush();
    }

    public static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String yaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flatten(String path, JsonNode node, List<JsonNode> rows) {
        if (node.isObject() && node.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), rows);
            }
        } else if (node.isArray() && node.size() > 0 && !node.get(0).isValueNode()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), rows);
            }
        } else {
            rows.add(JSON.createObjectNode().put("field", path).put("value", Column.text(node)));
        }
    }

    private void table(List<Column> columns, List<JsonNode> items) {
        List<String[]> rows = new ArrayList<>();
        rows.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode item : items) {
            rows.add(columns.stream().map(column -> cell(column.cell().apply(item))).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean last = i == row.length - 1;
                line.append(last ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String cell(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ");
        return oneLine.length() <= MAX_CELL ? oneLine : oneLine.substring(0, MAX_CELL - 1) + "…";
    }
}
