package sh.smarter.prompt.tests.persistence;

import org.junit.jupiter.api.AfterAll;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.tests.contract.ResourceCatalogContract;

/** The resource catalog contract on JPA + H2 (MySQL mode). */
class JpaH2ResourceCatalogContractTest extends ResourceCatalogContract {
    private static final JpaTestDatabase DATABASE = JpaTestDatabase.h2();

    @AfterAll
    static void closeDatabase() {
        DATABASE.close();
    }

    @Override
    protected ResourceCatalog newCatalog() {
        return DATABASE.emptied().resourceCatalog();
    }
}
