package sh.smarter.prompt.tests.contract;

import java.time.Clock;
import sh.smarter.prompt.core.inmemory.InMemorySessionStore;
import sh.smarter.prompt.core.session.SessionStore;

/** The four session port contracts on {@link InMemorySessionStore}, which holds all four in one set of maps. */
class InMemorySessionStoreContractTest extends SessionPortContracts {

    @Override
    protected SessionStore emptyStore(Clock clock) {
        return new InMemorySessionStore(clock);
    }
}
