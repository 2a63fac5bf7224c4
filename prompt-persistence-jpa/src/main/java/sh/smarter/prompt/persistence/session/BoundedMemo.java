package sh.smarter.prompt.persistence.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Results of a pure function kept for keys met lately, at most {@code limit} of them: when full it is emptied and
 * starts again, which costs only the work of the next misses. Thread-safe.
 */
final class BoundedMemo<K, V> {
    private final Map<K, V> values = new ConcurrentHashMap<>();
    private final int limit;

    BoundedMemo(int limit) {
        this.limit = limit;
    }

    V get(K key) {
        return values.get(key);
    }

    void put(K key, V value) {
        if (values.size() >= limit) {
            values.clear();
        }
        values.put(key, value);
    }

    V computeIfAbsent(K key, Function<K, V> function) {
        V known = values.get(key);
        if (known != null) {
            return known;
        }
        V value = function.apply(key);
        put(key, value);
        return value;
    }
}
