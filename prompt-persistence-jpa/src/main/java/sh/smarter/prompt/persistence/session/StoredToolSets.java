package sh.smarter.prompt.persistence.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rows of {@code tool_sets} (tool sets and exchange shapes, {@link ExchangeCodec}) this process has seen committed
 * to its database, so that a turn inserts each only the first time: a chatbot's turns share them, and inserting one
 * again costs a round trip, and on H2 a duplicate-key exception that INSERT IGNORE throws and catches inside the
 * database. Rows of {@code tool_sets} are never deleted, so a row once committed stays; a hash is remembered only
 * after the transaction that inserted it committed. At most {@value #LIMIT} are kept; past that the memory starts
 * over, which costs only repeated inserts.
 */
final class StoredToolSets {
    private static final int LIMIT = 4_096;

    private final Set<String> committed = ConcurrentHashMap.newKeySet();

    /** What one append attempt may skip, and the rows it inserts. */
    static final class Attempt {
        private final StoredToolSets stored;
        private Set<String> inserted = Set.of();

        private Attempt(StoredToolSets stored) {
            this.stored = stored;
        }

        /** The rows not known to be stored, which this attempt inserts. */
        Map<String, String> toInsert(Map<String, String> rows) {
            if (stored.committed.containsAll(rows.keySet())) {
                return Map.of(); // the usual turn: its chatbot's tool set and shape are stored already
            }
            Map<String, String> missing = new LinkedHashMap<>(rows);
            missing.keySet().removeAll(stored.committed);
            inserted = Set.copyOf(missing.keySet());
            return missing;
        }

        /** To call once the attempt's transaction committed. */
        void committed() {
            if (!inserted.isEmpty()) {
                if (stored.committed.size() + inserted.size() > LIMIT) {
                    stored.committed.clear();
                }
                stored.committed.addAll(inserted);
            }
        }
    }

    Attempt attempt() {
        return new Attempt(this);
    }
}
