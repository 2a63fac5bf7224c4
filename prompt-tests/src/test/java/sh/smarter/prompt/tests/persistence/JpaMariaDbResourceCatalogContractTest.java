package sh.smarter.prompt.tests.persistence;

import org.junit.jupiter.api.AfterAll;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.tests.contract.ResourceCatalogContract;

/** The resource catalog contract on JPA + MariaDB (the server of scripts/mariadb-test-server.sh). */
class JpaMariaDbResourceCatalogContractTest extends ResourceCatalogContract {
    private static final JpaTestDatabase DATABASE = JpaTestDatabase.mariaDb("contract_resources");

    @AfterAll
    static void closeDatabase() {
        DATABASE.close();
    }

    @Override
    protected ResourceCatalog newCatalog() {
        return DATABASE.emptied().resourceCatalog();
    }
}
