package sh.smarter.prompt.persistence.session;

import static sh.smarter.prompt.persistence.session.SessionQueries.jdbc;

import java.time.LocalDate;
import java.util.Objects;
import sh.smarter.prompt.core.session.DailyTokenUse;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.TokenUsageTotals;
import sh.smarter.prompt.persistence.support.Transactions;

/** Reading the token totals that every append adds to ({@link TokenTotals}), on Jakarta Persistence. */
public final class JpaTokenUsageTotals implements TokenUsageTotals {
    private final Transactions transactions;

    public JpaTokenUsageTotals(Transactions transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    @Override
    public TokenUsage tokenUsageOfChatbot(long chatbotId) {
        return allTime(TokenTotals.CHATBOT, chatbotId);
    }

    @Override
    public TokenUsage tokenUsageOfAccount(long accountId) {
        return allTime(TokenTotals.ACCOUNT, accountId);
    }

    private TokenUsage allTime(String scope, long scopeId) {
        return transactions.read(em -> jdbc(em, connection -> TokenTotals.allTime(connection, scope, scopeId)));
    }

    @Override
    public DailyTokenUse tokensUsedOn(LocalDate day, long chatbotId, long accountId) {
        Objects.requireNonNull(day, "day");
        return transactions.read(em -> jdbc(em, connection -> TokenTotals.onDay(connection, day, chatbotId,
                accountId)));
    }
}
