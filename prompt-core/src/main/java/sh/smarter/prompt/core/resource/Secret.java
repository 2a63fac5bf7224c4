package sh.smarter.prompt.core.resource;

import java.util.Objects;

/**
 * A credential: either the name of an environment variable that holds it, or the value itself. It never shows
 * itself in clear: {@code toString} masks it.
 */
public sealed interface Secret {
    Secret NONE = new None();

    static Secret env(String variable) {
        return new FromEnvironment(variable);
    }

    static Secret value(String clear) {
        return clear == null || clear.isEmpty() ? NONE : new Value(clear);
    }

    /** "****" plus the last four characters, or "****" for short values: enough to tell keys apart. */
    static String mask(String clear) {
        if (clear == null || clear.isEmpty()) {
            return "";
        }
        return clear.length() <= 8 ? "****" : "****" + clear.substring(clear.length() - 4);
    }

    record None() implements Secret {
        @Override
        public String toString() {
            return "Secret[none]";
        }
    }

    record FromEnvironment(String variable) implements Secret {
        public FromEnvironment {
            Objects.requireNonNull(variable, "variable");
        }

        @Override
        public String toString() {
            return "Secret[env " + variable + "]";
        }
    }

    record Value(String clear) implements Secret {
        public Value {
            Objects.requireNonNull(clear, "clear");
        }

        @Override
        public String toString() {
            return "Secret[" + mask(clear) + "]";
        }
    }
}
