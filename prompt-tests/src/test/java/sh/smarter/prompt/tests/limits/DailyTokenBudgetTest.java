package sh.smarter.prompt.tests.limits;

import java.util.UUID;
import sh.smarter.prompt.persistence.database.DatabaseSettings;

/** {@link DailyTokenBudgetScenarios} on H2, the embedded database. */
class DailyTokenBudgetTest extends DailyTokenBudgetScenarios {
    @Override
    DatabaseSettings database() {
        return DatabaseSettings.inMemoryH2("budgets-" + UUID.randomUUID());
    }
}
