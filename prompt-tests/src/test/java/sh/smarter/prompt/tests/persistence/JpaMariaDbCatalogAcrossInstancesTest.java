package sh.smarter.prompt.tests.persistence;

/** Two instances on one MariaDB database. */
class JpaMariaDbCatalogAcrossInstancesTest extends CatalogAcrossInstancesScenarios {
    @Override
    protected JpaTestDatabase newDatabase() {
        return JpaTestDatabase.mariaDb("catalog_instances");
    }
}
