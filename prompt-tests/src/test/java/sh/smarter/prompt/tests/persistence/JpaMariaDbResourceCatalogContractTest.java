package sh.smarter.prompt.tests.persistence;

import org.junit.jupiter.api.AfterAll;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.tests.contract.ResourcePortContracts;

/**
 * The three resource port contracts on JPA + MariaDB (the server of scripts/mariadb-test-server.sh):
 * JpaResourceCatalog over one emptied database per test.
 */
class JpaMariaDbResourceCatalogContractTest extends ResourcePortContracts {
    private static final JpaTestDatabase DATABASE = JpaTestDatabase.mariaDb("contract_resources");

    @AfterAll
    static void closeDatabase() {
        DATABASE.close();
    }

    @Override
    protected ResourceCatalog emptyCatalog() {
        return DATABASE.emptied().resourceCatalog();
    }
}
