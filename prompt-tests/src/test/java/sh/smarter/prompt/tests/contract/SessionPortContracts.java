package sh.smarter.prompt.tests.contract;

import java.time.Clock;
import org.junit.jupiter.api.Nested;
import sh.smarter.prompt.core.session.SessionStore;

/**
 * The four session port contracts — {@link TurnStoreContract}, {@link SessionHistoryContract},
 * {@link SessionMaintenanceContract} and {@link TokenUsageTotalsContract} — for one adapter: its test class extends
 * this and says how to get an empty store.
 */
public abstract class SessionPortContracts {

    /** A new, empty store of the adapter under test that reads the time from {@code clock}. Called before each test. */
    protected abstract SessionStore emptyStore(Clock clock);

    @Nested
    class TurnStoreTest extends TurnStoreContract {
        @Override
        protected SessionStore newStore() {
            return emptyStore(clock());
        }
    }

    @Nested
    class SessionHistoryTest extends SessionHistoryContract {
        @Override
        protected SessionStore newStore() {
            return emptyStore(clock());
        }
    }

    @Nested
    class SessionMaintenanceTest extends SessionMaintenanceContract {
        @Override
        protected SessionStore newStore() {
            return emptyStore(clock());
        }
    }

    @Nested
    class TokenUsageTotalsTest extends TokenUsageTotalsContract {
        @Override
        protected SessionStore newStore() {
            return emptyStore(clock());
        }
    }
}
