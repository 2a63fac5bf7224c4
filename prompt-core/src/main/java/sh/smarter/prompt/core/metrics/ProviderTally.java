package sh.smarter.prompt.core.metrics;

import sh.smarter.prompt.core.session.TokenUsage;

/**
 * What the provider calls of the turn running on this thread added up to. A turn runs on one thread from start to
 * end, and its provider calls block that thread, so a thread-local tally needs no lock and no turn id.
 */
final class ProviderTally {
    private static final ThreadLocal<ProviderTally> CURRENT = new ThreadLocal<>();

    long nanos;
    int calls;
    long promptTokens;
    long completionTokens;

    /** Starts a tally for the turn on this thread. */
    static ProviderTally begin() {
        ProviderTally tally = new ProviderTally();
        CURRENT.set(tally);
        return tally;
    }

    static void end() {
        CURRENT.remove();
    }

    /** Adds a call to the turn on this thread; a provider called outside a measured turn is not tallied. */
    static void add(long nanos, TokenUsage usage) {
        ProviderTally tally = CURRENT.get();
        if (tally == null) {
            return;
        }
        tally.nanos += nanos;
        tally.calls++;
        if (usage != null) {
            tally.promptTokens += usage.promptTokens();
            tally.completionTokens += usage.completionTokens();
        }
    }
}
