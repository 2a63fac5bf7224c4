package sh.smarter.prompt.tests.contract;

import sh.smarter.prompt.core.inmemory.InMemorySessionStore;
import sh.smarter.prompt.core.session.SessionStore;

class InMemorySessionStoreContractTest extends SessionStoreContract {
    @Override
    protected SessionStore newStore() {
        return new InMemorySessionStore(clock());
    }
}
