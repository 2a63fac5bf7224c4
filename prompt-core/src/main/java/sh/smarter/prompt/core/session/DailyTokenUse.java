package sh.smarter.prompt.core.session;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Total tokens charged on one day (UTC) to a chatbot and to its account: what daily token budgets are checked
 * against. Read from the stored totals, so every instance sharing the database sees the same numbers.
 */
public record DailyTokenUse(LocalDate day, long chatbotTokens, long accountTokens) {
    public DailyTokenUse {
        if (chatbotTokens < 0 || accountTokens < 0) {
            throw new IllegalArgumentException("token counts are never negative");
        }
    }

    /** The day a turn started at {@code instant} is charged to: budgets count whole UTC days. */
    public static LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
