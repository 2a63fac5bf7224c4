package sh.smarter.prompt.tests.lean;

import java.util.UUID;
import sh.smarter.prompt.persistence.database.DatabaseSettings;

/** The counts on H2, the embedded default: it runs in this process, so each write is a statement of its own. */
class TurnStatementCountTest extends TurnStatementCountScenarios {
    @Override
    protected DatabaseSettings database() {
        return DatabaseSettings.inMemoryH2("counts-" + UUID.randomUUID());
    }

    @Override
    protected int appendStatements(int writes) {
        return 1 + writes + 1;
    }
}
