package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import sh.smarter.prompt.tests.bench.BenchDatabase.StorageSnapshot;

/**
 * Bytes stored per message: the database's growth over a workload of real turns divided by the messages it added,
 * next to the size of those messages' own JSON. A turn stores more than its messages (the turn row, the provider
 * exchange with the request's context and the answer, token totals), and all of it counts in the growth; where the
 * database reports sizes per table (MariaDB), the messages table alone is given too.
 */
final class StoragePart {
    private StoragePart() {
    }

    /** New sessions, each prompted a number of times one turn after the other, several sessions at once. */
    static SessionLoad.Result workload(PromptClient client, TimedFakeProvider provider, BenchOptions options) {
        BenchLog.progress("storage: %d sessions x %d turns", options.storageSessions(),
                options.storageTurnsPerSession());
        Map<String, Integer> turns = new LinkedHashMap<>();
        client.newSessions(options.storageSessions()).forEach(key -> turns.put(key, options.storageTurnsPerSession()));
        return SessionLoad.turnsEach(turns, client.driver(provider));
    }

    /** The growth between two snapshots. */
    record Storage(StorageSnapshot before, StorageSnapshot after, SessionLoad.Result workload) {
        long messagesAdded() {
            return after.messages() - before.messages();
        }

        double bytesPerMessage() {
            return (double) (after.databaseBytes() - before.databaseBytes()) / messagesAdded();
        }

        double jsonBytesPerMessage() {
            return (double) (after.messageJsonBytes() - before.messageJsonBytes()) / messagesAdded();
        }

        /** The messages table's own growth per message; NaN where the database does not report it. */
        double messagesTableBytesPerMessage() {
            Long was = before.bytesByTable().get("messages");
            Long is = after.bytesByTable().get("messages");
            return was == null || is == null ? Double.NaN : (double) (is - was) / messagesAdded();
        }

        ObjectNode toJson() {
            ObjectNode json = BenchJson.object()
                    .put("turns", workload.completedInWindow())
                    .put("failures", workload.failures().count())
                    .put("messages_added", messagesAdded())
                    .put("database_growth_bytes", after.databaseBytes() - before.databaseBytes())
                    .put("bytes_per_message", BenchJson.round(bytesPerMessage(), 1))
                    .put("message_json_bytes_per_message", BenchJson.round(jsonBytesPerMessage(), 1))
                    .put("ratio", BenchJson.round(bytesPerMessage() / jsonBytesPerMessage(), 2))
                    .put("messages_table_bytes_per_message", BenchJson.round(messagesTableBytesPerMessage(), 1))
                    .put("messages_table_ratio",
                            BenchJson.round(messagesTableBytesPerMessage() / jsonBytesPerMessage(), 2));
            ObjectNode tables = json.putObject("growth_bytes_by_table");
            after.bytesByTable().forEach((table, bytes) ->
                    tables.put(table, bytes - before.bytesByTable().getOrDefault(table, 0L)));
            return json;
        }
    }
}
