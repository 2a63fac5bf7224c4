package sh.smarter.prompt.cli.failure;

import java.util.Optional;

/** Looks through an exception's causes, where libraries keep the part that says what really happened. */
public final class Causes {
    private static final int MAX_DEPTH = 20;

    private Causes() {
    }

    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (type.isInstance(current)) {
                return Optional.of(type.cast(current));
            }
            current = current.getCause();
        }
        return Optional.empty();
    }
}
