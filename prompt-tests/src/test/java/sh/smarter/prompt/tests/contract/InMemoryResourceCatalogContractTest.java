package sh.smarter.prompt.tests.contract;

import org.junit.jupiter.api.Nested;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.resource.ResourceCatalog;

/** The three resource port contracts on {@link InMemoryResourceCatalog}, which holds all three in one set of tables. */
class InMemoryResourceCatalogContractTest {

    @Nested
    class ChatbotLookupTest extends ChatbotLookupContract {
        @Override
        protected ResourceCatalog newCatalog() {
            return new InMemoryResourceCatalog();
        }
    }

    @Nested
    class ResourceManagementTest extends ResourceManagementContract {
        @Override
        protected ResourceCatalog newCatalog() {
            return new InMemoryResourceCatalog();
        }
    }

    @Nested
    class ApiKeyStoreTest extends ApiKeyStoreContract {
        @Override
        protected ResourceCatalog newCatalog() {
            return new InMemoryResourceCatalog();
        }
    }
}
