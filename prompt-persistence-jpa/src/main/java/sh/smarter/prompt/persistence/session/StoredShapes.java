package sh.smarter.prompt.persistence.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exchange shapes ({@link ExchangeCodec}) this process has seen committed to its database, so that a turn
 * inserts its shape only the first time: a chatbot's turns share one, and inserting it again would cost every turn a
 * round trip. Rows of {@code tool_sets} are never deleted, so a shape once committed stays; a shape is remembered
 * only after the transaction that inserted it committed. At most {@value #LIMIT} are kept; past that the memory
 * starts over, which costs only repeated inserts.
 */
final class StoredShapes {
    private static final int LIMIT = 4_096;

    /** Remembers nothing: every attempt inserts its shape (INSERT IGNORE keeps one). */
    static final Attempt NONE = new Attempt(null);

    private final Set<String> committed = ConcurrentHashMap.newKeySet();

    /** What one append attempt may skip, and the shape it inserts. */
    static final class Attempt {
        private final StoredShapes shapes;
        private String inserted;

        private Attempt(StoredShapes shapes) {
            this.shapes = shapes;
        }

        boolean isStored(String hash) {
            return shapes != null && shapes.committed.contains(hash);
        }

        void inserting(String hash) {
            inserted = hash;
        }

        /** To call once the attempt's transaction committed. */
        void committed() {
            if (shapes != null && inserted != null) {
                if (shapes.committed.size() >= LIMIT) {
                    shapes.committed.clear();
                }
                shapes.committed.add(inserted);
            }
        }
    }

    Attempt attempt() {
        return new Attempt(this);
    }
}
