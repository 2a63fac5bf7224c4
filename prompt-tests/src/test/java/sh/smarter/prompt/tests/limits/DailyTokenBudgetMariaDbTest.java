package sh.smarter.prompt.tests.limits;

import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.tests.persistence.MariaDbTestDatabase;

/**
 * {@link DailyTokenBudgetScenarios} on MariaDB (the server of scripts/mariadb-test-server.sh): the per-day totals
 * budgets count from are the shared, stored ones, so they must hold on the database several instances share.
 */
class DailyTokenBudgetMariaDbTest extends DailyTokenBudgetScenarios {
    private DatabaseSettings settings;

    @Override
    DatabaseSettings database() {
        settings = MariaDbTestDatabase.createDatabase("budgets");
        return settings;
    }

    @Override
    void dropDatabase() {
        if (settings != null) {
            MariaDbTestDatabase.dropDatabase(settings);
            settings = null;
        }
    }
}
