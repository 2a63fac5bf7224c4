package sh.smarter.prompt.tests.persistence;

import org.junit.jupiter.api.AfterAll;

/** The JPA session store's own scenarios on H2 (MySQL mode). */
class JpaH2SessionStoreTest extends JpaSessionStoreScenarios {
    private static final JpaTestDatabase DATABASE = JpaTestDatabase.h2();

    @AfterAll
    static void closeDatabase() {
        DATABASE.close();
    }

    @Override
    protected JpaTestDatabase database() {
        return DATABASE;
    }
}
