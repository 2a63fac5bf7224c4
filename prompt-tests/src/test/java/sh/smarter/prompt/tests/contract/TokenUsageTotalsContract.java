package sh.smarter.prompt.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.session.DailyTokenUse;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.TokenUsageTotals;

/**
 * What every {@link TokenUsageTotals} promises budgets and usage reports: every charged turn counted once, per
 * chatbot and per account, all-time and per UTC day.
 *
 * <p>An adapter's test extends this class (see {@link SessionContractFixture}); every test then runs against it.
 */
public abstract class TokenUsageTotalsContract extends SessionContractFixture {
    @Test
    void token_usage_is_summed_over_every_turn_per_chatbot_and_per_account() {
        long otherAccount = newAccountId();
        long chatbotC = chatbotIn(otherAccount);
        Session a1 = newSession(chatbotA);
        Session a2 = newSession(chatbotA);
        Session b = newSession(chatbotB);
        Session c = newSession(chatbotC);
        appendTurnCharging(a1, new TokenUsage(10, 5, 15));
        appendTurnCharging(a1, new TokenUsage(1, 2, 3));
        appendTurnCharging(a2, new TokenUsage(100, 0, 100));
        appendTurnCharging(b, new TokenUsage(1000, 500, 1500));
        appendTurnCharging(c, new TokenUsage(7, 7, 14));
        turnOn(c).messages(NewMessage.smarterError("provider down")).append();

        assertThat(tokenTotals.tokenUsageOfChatbot(chatbotA)).isEqualTo(new TokenUsage(111, 7, 118));
        assertThat(tokenTotals.tokenUsageOfChatbot(chatbotB)).isEqualTo(new TokenUsage(1000, 500, 1500));
        assertThat(tokenTotals.tokenUsageOfAccount(account)).isEqualTo(new TokenUsage(1111, 507, 1618));
        assertThat(tokenTotals.tokenUsageOfAccount(otherAccount)).isEqualTo(new TokenUsage(7, 7, 14));
        assertThat(tokenTotals.tokenUsageOfChatbot(newChatbotId(otherAccount))).isEqualTo(TokenUsage.NONE);
    }

    @Test
    void tokens_used_on_a_day_count_the_turns_that_started_that_utc_day_per_chatbot_and_per_account() {
        long otherAccount = newAccountId();
        long chatbotC = chatbotIn(otherAccount);
        Session a = newSession(chatbotA);
        Session b = newSession(chatbotB);
        Session c = newSession(chatbotC);
        LocalDate day = LocalDate.of(2031, 3, 5);
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant nextMidnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        clock.set(midnight.minusMillis(1));
        appendTurnCharging(a, new TokenUsage(1, 1, 2));
        clock.set(midnight);
        appendTurnCharging(a, new TokenUsage(10, 5, 15));
        appendTurnCharging(b, new TokenUsage(100, 0, 100));
        appendTurnCharging(c, new TokenUsage(7, 7, 14));
        turnOn(a).messages(NewMessage.smarterError("over budget")).append();
        clock.set(nextMidnight.minusMillis(1));
        appendTurnCharging(a, new TokenUsage(3, 0, 3));
        clock.set(nextMidnight);
        appendTurnCharging(b, new TokenUsage(1000, 0, 1000));

        assertThat(tokenTotals.tokensUsedOn(day, chatbotA, account)).isEqualTo(new DailyTokenUse(day, 18, 118));
        assertThat(tokenTotals.tokensUsedOn(day, chatbotB, account)).isEqualTo(new DailyTokenUse(day, 100, 118));
        assertThat(tokenTotals.tokensUsedOn(day, chatbotC, otherAccount)).isEqualTo(new DailyTokenUse(day, 14, 14));
        assertThat(tokenTotals.tokensUsedOn(day.minusDays(1), chatbotA, account))
                .isEqualTo(new DailyTokenUse(day.minusDays(1), 2, 2));
        assertThat(tokenTotals.tokensUsedOn(day.plusDays(1), chatbotA, account))
                .isEqualTo(new DailyTokenUse(day.plusDays(1), 0, 1000));
        assertThat(tokenTotals.tokensUsedOn(day.plusDays(2), chatbotA, account))
                .isEqualTo(new DailyTokenUse(day.plusDays(2), 0, 0));
    }
}
