package sh.smarter.prompt.tests.persistence;

/** Two instances on one MariaDB database. */
class JpaMariaDbTurnWindowsAcrossInstancesTest extends TurnWindowsAcrossInstancesScenarios {
    @Override
    protected JpaTestDatabase newDatabase() {
        return JpaTestDatabase.mariaDb("turn_windows");
    }
}
