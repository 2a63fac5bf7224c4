package sh.smarter.prompt.tests.persistence;

import org.junit.jupiter.api.AfterAll;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.tests.contract.SessionStoreContract;

/** The session store contract on JPA + MariaDB (the server of scripts/mariadb-test-server.sh). */
class JpaMariaDbSessionStoreContractTest extends SessionStoreContract {
    private static final JpaTestDatabase DATABASE = JpaTestDatabase.mariaDb("contract_sessions");

    @AfterAll
    static void closeDatabase() {
        DATABASE.close();
    }

    @Override
    protected SessionStore newStore() {
        return DATABASE.emptied().sessionStore(clock());
    }
}
