package sh.smarter.prompt.tests.persistence;

import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.tests.contract.SessionPortContracts;

/**
 * The four session port contracts on JPA + MariaDB (the server of scripts/mariadb-test-server.sh): JpaTurnStore,
 * JpaSessionHistory, JpaSessionMaintenance and JpaTokenUsageTotals over one emptied database per test.
 */
class JpaMariaDbSessionStoreContractTest extends SessionPortContracts {
    private static final JpaTestDatabase DATABASE = JpaTestDatabase.mariaDb("contract_sessions");

    @AfterAll
    static void closeDatabase() {
        DATABASE.close();
    }

    @Override
    protected SessionStore emptyStore(Clock clock) {
        return DATABASE.emptied().sessionStore(clock);
    }
}
