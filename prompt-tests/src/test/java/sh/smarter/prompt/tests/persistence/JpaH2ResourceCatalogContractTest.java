package sh.smarter.prompt.tests.persistence;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.tests.contract.ApiKeyStoreContract;
import sh.smarter.prompt.tests.contract.ChatbotLookupContract;
import sh.smarter.prompt.tests.contract.ResourceManagementContract;

/**
 * The three resource port contracts on JPA + H2 (MySQL mode): JpaResourceCatalog over one emptied database per
 * test.
 */
class JpaH2ResourceCatalogContractTest {
    private static final JpaTestDatabase DATABASE = JpaTestDatabase.h2();

    @AfterAll
    static void closeDatabase() {
        DATABASE.close();
    }

    private static ResourceCatalog emptied() {
        return DATABASE.emptied().resourceCatalog();
    }

    @Nested
    class ChatbotLookupTest extends ChatbotLookupContract {
        @Override
        protected ResourceCatalog newCatalog() {
            return emptied();
        }
    }

    @Nested
    class ResourceManagementTest extends ResourceManagementContract {
        @Override
        protected ResourceCatalog newCatalog() {
            return emptied();
        }
    }

    @Nested
    class ApiKeyStoreTest extends ApiKeyStoreContract {
        @Override
        protected ResourceCatalog newCatalog() {
            return emptied();
        }
    }
}
