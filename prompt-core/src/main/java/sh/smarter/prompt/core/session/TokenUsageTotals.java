package sh.smarter.prompt.core.session;

import java.time.LocalDate;

/**
 * Outbound port: the tokens charged to chatbots and accounts, which every appended turn adds to (in its own
 * transaction) and which daily token budgets read. Counted from stored totals, so every instance on the same
 * database gets the same answer. Every adapter passes the same contract suite (prompt-tests,
 * {@code TokenUsageTotalsContract}).
 */
public interface TokenUsageTotals {

    /** Tokens charged, summed over every turn of the chatbot. */
    TokenUsage tokenUsageOfChatbot(long chatbotId);

    /** Tokens charged, summed over every turn of every chatbot of the account. */
    TokenUsage tokenUsageOfAccount(long accountId);

    /**
     * Tokens charged on {@code day} (UTC, by the day each turn started, {@link DailyTokenUse#dayOf}) to the chatbot
     * and to the account: the one read a daily token budget needs.
     */
    DailyTokenUse tokensUsedOn(LocalDate day, long chatbotId, long accountId);
}
