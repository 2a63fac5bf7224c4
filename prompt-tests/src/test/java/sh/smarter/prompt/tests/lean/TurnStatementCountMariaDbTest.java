package sh.smarter.prompt.tests.lean;

import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.tests.persistence.MariaDbTestDatabase;

/**
 * The counts on a real MariaDB server, where each statement is a round trip over the network: the writes after the
 * claim go as one text, as {@code DatabaseSettings.mysql} allows by default ({@code allowMultiQueries}).
 */
class TurnStatementCountMariaDbTest extends TurnStatementCountScenarios {
    @Override
    protected DatabaseSettings database() {
        return MariaDbTestDatabase.createDatabase("counts");
    }

    @Override
    protected void release(DatabaseSettings database) {
        MariaDbTestDatabase.dropDatabase(database);
    }

    @Override
    protected int appendStatements(int writes) {
        // The claim, one text holding every write, the commit: however many writes the turn has.
        return 1 + 1 + 1;
    }
}
