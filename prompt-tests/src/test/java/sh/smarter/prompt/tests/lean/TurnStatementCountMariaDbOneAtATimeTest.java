package sh.smarter.prompt.tests.lean;

import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.tests.persistence.MariaDbTestDatabase;

/**
 * The counts on MariaDB for a URL that turns multi-statement texts off ({@code allowMultiQueries=false}): the store
 * finds out on opening and sends each write on its own, as on H2, and the turn still works.
 */
class TurnStatementCountMariaDbOneAtATimeTest extends TurnStatementCountScenarios {
    @Override
    protected DatabaseSettings database() {
        DatabaseSettings created = MariaDbTestDatabase.createDatabase("counts_single");
        String url = created.jdbcUrl().replace("allowMultiQueries=true", "allowMultiQueries=false");
        if (url.equals(created.jdbcUrl())) {
            throw new IllegalStateException("the test database's URL does not turn multi-statement texts on: " + url);
        }
        return new DatabaseSettings(url, created.user(), created.password(), created.poolSize(),
                created.connectionTimeout());
    }

    @Override
    protected void release(DatabaseSettings database) {
        MariaDbTestDatabase.dropDatabase(database);
    }

    @Override
    protected int appendStatements(int writes) {
        return 1 + writes + 1;
    }
}
