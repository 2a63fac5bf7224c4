package sh.smarter.prompt.tests.persistence;

/** Two instances on one H2 database (in memory, MySQL mode). */
class JpaH2TurnWindowsAcrossInstancesTest extends TurnWindowsAcrossInstancesScenarios {
    @Override
    protected JpaTestDatabase newDatabase() {
        return JpaTestDatabase.h2();
    }
}
