package sh.smarter.prompt.tests.persistence;

import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.tests.contract.SessionPortContracts;

/**
 * The four session port contracts on JPA + H2 (MySQL mode): JpaTurnStore, JpaSessionHistory, JpaSessionMaintenance and
 * JpaTokenUsageTotals over one emptied database per test.
 */
class JpaH2SessionStoreContractTest extends SessionPortContracts {
    private static final JpaTestDatabase DATABASE = JpaTestDatabase.h2();

    @AfterAll
    static void closeDatabase() {
        DATABASE.close();
    }

    @Override
    protected SessionStore emptyStore(Clock clock) {
        return DATABASE.emptied().sessionStore(clock);
    }
}
