package sh.smarter.prompt.tests.contract;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import sh.smarter.prompt.core.inmemory.CachingResourceCatalog;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.resource.ResourceCatalog;

/**
 * The three resource port contracts through the cache in front of a catalog: it changes nothing a caller of a port
 * can see within one process.
 */
class CachingResourceCatalogContractTest {

    private static ResourceCatalog cached() {
        return new CachingResourceCatalog(new InMemoryResourceCatalog(), Duration.ofMinutes(5));
    }

    @Nested
    class ChatbotLookupTest extends ChatbotLookupContract {
        @Override
        protected ResourceCatalog newCatalog() {
            return cached();
        }
    }

    @Nested
    class ResourceManagementTest extends ResourceManagementContract {
        @Override
        protected ResourceCatalog newCatalog() {
            return cached();
        }
    }

    @Nested
    class ApiKeyStoreTest extends ApiKeyStoreContract {
        @Override
        protected ResourceCatalog newCatalog() {
            return cached();
        }
    }
}
