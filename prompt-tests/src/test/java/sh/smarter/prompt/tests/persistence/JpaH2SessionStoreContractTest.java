package sh.smarter.prompt.tests.persistence;

import org.junit.jupiter.api.AfterAll;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.tests.contract.SessionStoreContract;

/** The session store contract on JPA + H2 (MySQL mode). */
class JpaH2SessionStoreContractTest extends SessionStoreContract {
    private static final JpaTestDatabase DATABASE = JpaTestDatabase.h2();

    @AfterAll
    static void closeDatabase() {
        DATABASE.close();
    }

    @Override
    protected SessionStore newStore() {
        return DATABASE.emptied().sessionStore(clock());
    }
}
