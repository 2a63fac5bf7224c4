package sh.smarter.prompt.tests.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sh.smarter.prompt.tests.bench.BenchDatabase.ServerWork;
import sh.smarter.prompt.tests.bench.BenchDatabase.StorageSnapshot;
import sh.smarter.prompt.tests.bench.BenchDatabase.TableBytes;

/**
 * Bytes stored per message: the growth of a database of its own over long sessions of real turns, divided by the
 * messages they added, next to the size of those messages' own JSON. A turn stores more than its messages (the turn
 * row with its provider exchange by reference, token totals, the session's row and indexes), and all of it counts.
 * Sessions run past several full context windows (50 model-visible messages, 25 turns), since that is where a
 * store that copied each window into its turn records would grow fastest. Where the database reports sizes per
 * table (MariaDB), they are given too.
 */
final class StoragePart {
    private StoragePart() {
    }

    /**
     * New sessions, each prompted {@link BenchOptions#storageTurnsPerSession()} times one turn after the other,
     * several sessions at once. Every session's first turn runs alone first: the server starts cold for this part,
     * and a burst of first turns would wait on connections held while Hibernate parses its queries.
     */
    static SessionLoad.Result workload(TimedPrompts client, TimedFakeProvider provider, BenchOptions options) {
        int turnsEach = options.storageTurnsPerSession();
        BenchLog.progress("storage: %d sessions x %d turns", options.storageSessions(), turnsEach);
        List<String> sessions = client.newSessions(options.storageSessions());
        List<SessionLoad.Result> parts = new ArrayList<>();
        for (String session : sessions) {
            parts.add(SessionLoad.turnsEach(Map.of(session, 1), client.driver(provider)));
        }
        Map<String, Integer> rest = new LinkedHashMap<>();
        sessions.forEach(key -> rest.put(key, turnsEach - 1));
        parts.add(SessionLoad.turnsEach(rest, client.driver(provider)));
        return SessionLoad.Result.combined(parts);
    }

    /**
     * The growth between two snapshots.
     *
     * @param compacted the database after the workload rebuilt compactly (MariaDB's OPTIMIZE TABLE); null for H2,
     *                  whose {@code after} is already compacted
     * @param work      what the database server did during the workload, where it counts that (MariaDB); else null
     */
    record Storage(int sessions, int turnsPerSession, StorageSnapshot before, StorageSnapshot after,
                   StorageSnapshot compacted, SessionLoad.Result workload, ServerWork work) {
        long messagesAdded() {
            return after.messages() - before.messages();
        }

        double bytesPerMessage() {
            return perMessage(after.databaseBytes() - before.databaseBytes());
        }

        double jsonBytesPerMessage() {
            return perMessage(after.messageJsonBytes() - before.messageJsonBytes());
        }

        double ratio() {
            return bytesPerMessage() / jsonBytesPerMessage();
        }

        /** Where sizes per table are known: data_length + index_length; NaN elsewhere. */
        double allocatedBytesPerMessage() {
            return after.bytesByTable().isEmpty() ? Double.NaN
                    : perMessage(after.allocatedBytes() - before.allocatedBytes());
        }

        /** Where sizes per table are known: the records on the pages in use; NaN elsewhere. */
        double recordBytesPerMessage() {
            return after.bytesByTable().isEmpty() ? Double.NaN
                    : perMessage(after.recordBytes() - before.recordBytes());
        }

        /** After OPTIMIZE TABLE, pages in use; NaN where there is no such step. */
        double compactedBytesPerMessage() {
            return compacted == null ? Double.NaN : perMessage(compacted.databaseBytes() - before.databaseBytes());
        }

        /** The growth of each table that grew, per the snapshot's kinds of size. */
        Map<String, TableBytes> growthByTable() {
            Map<String, TableBytes> growth = new LinkedHashMap<>();
            after.bytesByTable().forEach((table, bytes) -> {
                TableBytes grown = bytes.minus(before.bytesByTable().get(table));
                if (grown.allocated() != 0 || grown.pagesInUse() != 0 || grown.records() != 0) {
                    growth.put(table, grown);
                }
            });
            return growth;
        }

        /** The database server's work per completed turn. */
        ServerWork.PerTurn workPerTurn() {
            return work.per(workload.completedInWindow());
        }

        double perMessage(long bytes) {
            return (double) bytes / messagesAdded();
        }

        ObjectNode toJson() {
            ObjectNode json = BenchJson.object()
                    .put("sessions", sessions)
                    .put("turns_per_session", turnsPerSession)
                    .put("turns", workload.completedInWindow())
                    .put("failures", workload.failures().count())
                    .put("messages_added", messagesAdded())
                    .put("database_growth_bytes", after.databaseBytes() - before.databaseBytes())
                    .put("bytes_per_message", BenchJson.round(bytesPerMessage(), 1))
                    .put("message_json_bytes_per_message", BenchJson.round(jsonBytesPerMessage(), 1))
                    .put("ratio", BenchJson.round(ratio(), 2))
                    .put("allocated_bytes_per_message", BenchJson.round(allocatedBytesPerMessage(), 1))
                    .put("record_bytes_per_message", BenchJson.round(recordBytesPerMessage(), 1))
                    .put("compacted_bytes_per_message", BenchJson.round(compactedBytesPerMessage(), 1));
            if (work != null) {
                ServerWork.PerTurn perTurn = workPerTurn();
                json.putObject("database_server_work_per_turn")
                        .put("statements", BenchJson.round(perTurn.statements(), 2))
                        .put("rows_read", BenchJson.round(perTurn.rowsRead(), 1))
                        .put("bytes_sent", BenchJson.round(perTurn.bytesSent(), 0))
                        .put("bytes_received", BenchJson.round(perTurn.bytesReceived(), 0));
            }
            ObjectNode tables = json.putObject("growth_bytes_by_table");
            growthByTable().forEach((table, bytes) -> tables.putObject(table)
                    .put("allocated", bytes.allocated()).put("pages_in_use", bytes.pagesInUse())
                    .put("records", bytes.records()));
            return json;
        }
    }
}
