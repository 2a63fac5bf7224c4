package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What the per-database parts measured on one database; a part that did not run stays null. */
final class DatabaseRun {
    final String name;
    final String label;
    List<OverheadPart.Level> overhead;
    ThroughputPart.Throughput throughput;
    HistoryPart.History history;
    StoragePart.Storage storage;
    long serverWarningLines;

    DatabaseRun(String name, String label) {
        this.name = name;
        this.label = label;
    }

    /** The overhead level with this many sessions started at once, or null. */
    OverheadPart.Level overheadAt(int sessions) {
        return overhead == null ? null : overhead.stream()
                .filter(level -> level.sessions() == sessions && !level.spread()).findFirst().orElse(null);
    }

    ObjectNode toJson(ThroughputPart.Throughput ceiling) {
        ObjectNode json = BenchJson.object().put("database", label).put("server_warning_lines", serverWarningLines);
        if (overhead != null) {
            overhead.forEach(level -> json.withArray("overhead").add(level.toJson()));
        }
        if (throughput != null) {
            ObjectNode saturation = throughput.toJson();
            if (ceiling != null) {
                saturation.put("ratio_to_bare_javalin", BenchJson.round(throughputRatio(ceiling), 3));
            }
            json.set("throughput", saturation);
        }
        if (history != null) {
            json.set("history", history.toJson());
        }
        if (storage != null) {
            json.set("storage", storage.toJson());
        }
        return json;
    }

    double throughputRatio(ThroughputPart.Throughput ceiling) {
        return throughput.turnsPerSecond() / ceiling.turnsPerSecond();
    }
}
