package sh.smarter.prompt.tests.persistence;

import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.tests.contract.SessionHistoryContract;
import sh.smarter.prompt.tests.contract.SessionMaintenanceContract;
import sh.smarter.prompt.tests.contract.TokenUsageTotalsContract;
import sh.smarter.prompt.tests.contract.TurnStoreContract;

/**
 * The four session port contracts on JPA + H2 (MySQL mode): JpaTurnStore, JpaSessionHistory, JpaSessionMaintenance and
 * JpaTokenUsageTotals over one emptied database per test.
 */
class JpaH2SessionStoreContractTest {
    private static final JpaTestDatabase DATABASE = JpaTestDatabase.h2();

    @AfterAll
    static void closeDatabase() {
        DATABASE.close();
    }

    private static SessionStore emptied(Clock clock) {
        return DATABASE.emptied().sessionStore(clock);
    }

    @Nested
    class TurnStoreTest extends TurnStoreContract {
        @Override
        protected SessionStore newStore() {
            return emptied(clock());
        }
    }

    @Nested
    class SessionHistoryTest extends SessionHistoryContract {
        @Override
        protected SessionStore newStore() {
            return emptied(clock());
        }
    }

    @Nested
    class SessionMaintenanceTest extends SessionMaintenanceContract {
        @Override
        protected SessionStore newStore() {
            return emptied(clock());
        }
    }

    @Nested
    class TokenUsageTotalsTest extends TokenUsageTotalsContract {
        @Override
        protected SessionStore newStore() {
            return emptied(clock());
        }
    }
}
