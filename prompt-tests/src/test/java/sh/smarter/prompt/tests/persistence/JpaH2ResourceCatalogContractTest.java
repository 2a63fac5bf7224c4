package sh.smarter.prompt.tests.persistence;

import org.junit.jupiter.api.AfterAll;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.tests.contract.ResourcePortContracts;

/**
 * The three resource port contracts on JPA + H2 (MySQL mode): JpaResourceCatalog over one emptied database per
 * test.
 */
class JpaH2ResourceCatalogContractTest extends ResourcePortContracts {
    private static final JpaTestDatabase DATABASE = JpaTestDatabase.h2();

    @AfterAll
    static void closeDatabase() {
        DATABASE.close();
    }

    @Override
    protected ResourceCatalog emptyCatalog() {
        return DATABASE.emptied().resourceCatalog();
    }
}
