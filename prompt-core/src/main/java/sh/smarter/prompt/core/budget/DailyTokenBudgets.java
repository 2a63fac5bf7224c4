package sh.smarter.prompt.core.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import sh.smarter.prompt.core.error.LimitReachedException;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.session.DailyTokenUse;
import sh.smarter.prompt.core.session.TokenUsageTotals;

/**
 * The daily token budgets of a chatbot and of its account. A turn may start while the tokens charged today (UTC)
 * are below both budgets; the turn that crosses a budget is still stored with its full charge, and the next one is
 * refused. Turns running at the same time may each pass the check, so a budget can be exceeded by the turns in
 * flight when it ran out: it is a spending cap, not an exact quota.
 */
public final class DailyTokenBudgets {
    private final ChatbotLookup lookup;
    private final TokenUsageTotals usage;

    public DailyTokenBudgets(ChatbotLookup lookup, TokenUsageTotals usage) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.usage = Objects.requireNonNull(usage, "usage");
    }

    /**
     * Why a turn of {@code chatbot} starting at {@code at} may not call the provider, if a budget is used up. Reads
     * no token totals when neither the chatbot nor its account has a budget.
     */
    public Optional<LimitReachedException> refusal(Chatbot chatbot, Instant at) {
        Long chatbotBudget = chatbot.dailyTokenBudget();
        Long accountBudget = lookup.findAccount(chatbot.accountId()).map(Account::dailyTokenBudget).orElse(null);
        if (chatbotBudget == null && accountBudget == null) {
            return Optional.empty();
        }
        LocalDate day = DailyTokenUse.dayOf(at);
        DailyTokenUse used = usage.tokensUsedOn(day, chatbot.id(), chatbot.accountId());
        Duration untilTomorrow = Duration.between(at, day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        if (chatbotBudget != null && used.chatbotTokens() >= chatbotBudget) {
            return Optional.of(refused("chatbot " + chatbot.name(), used.chatbotTokens(), chatbotBudget, day,
                    untilTomorrow));
        }
        if (accountBudget != null && used.accountTokens() >= accountBudget) {
            return Optional.of(refused("this chatbot's account", used.accountTokens(), accountBudget, day,
                    untilTomorrow));
        }
        return Optional.empty();
    }

    private static LimitReachedException refused(String whose, long used, long budget, LocalDate day,
                                                 Duration untilTomorrow) {
        return new LimitReachedException("SmarterTokenBudgetExceeded", "the daily token budget of " + whose
                + " is used up: " + used + " of " + budget + " tokens on " + day
                + " (UTC); prompts are answered again from 00:00 UTC", untilTomorrow);
    }
}
