package sh.smarter.prompt.tests.contract;

import org.junit.jupiter.api.Nested;
import sh.smarter.prompt.core.inmemory.InMemorySessionStore;
import sh.smarter.prompt.core.session.SessionStore;

/** The four session port contracts on {@link InMemorySessionStore}, which holds all four in one set of maps. */
class InMemorySessionStoreContractTest {

    @Nested
    class TurnStoreTest extends TurnStoreContract {
        @Override
        protected SessionStore newStore() {
            return new InMemorySessionStore(clock());
        }
    }

    @Nested
    class SessionHistoryTest extends SessionHistoryContract {
        @Override
        protected SessionStore newStore() {
            return new InMemorySessionStore(clock());
        }
    }

    @Nested
    class SessionMaintenanceTest extends SessionMaintenanceContract {
        @Override
        protected SessionStore newStore() {
            return new InMemorySessionStore(clock());
        }
    }

    @Nested
    class TokenUsageTotalsTest extends TokenUsageTotalsContract {
        @Override
        protected SessionStore newStore() {
            return new InMemorySessionStore(clock());
        }
    }
}
