package sh.smarter.prompt.tests.contract;

import org.junit.jupiter.api.Nested;
import sh.smarter.prompt.core.resource.ResourceCatalog;

/**
 * The three resource port contracts — {@link ChatbotLookupContract}, {@link ResourceManagementContract} and
 * {@link ApiKeyStoreContract} — for one adapter: its test class extends this and says how to get an empty storage.
 */
public abstract class ResourcePortContracts {

    /** A new, empty storage of the adapter under test, with all three ports of it. Called before each test. */
    protected abstract ResourceCatalog emptyCatalog();

    @Nested
    class ChatbotLookupTest extends ChatbotLookupContract {
        @Override
        protected ResourceCatalog newCatalog() {
            return emptyCatalog();
        }
    }

    @Nested
    class ResourceManagementTest extends ResourceManagementContract {
        @Override
        protected ResourceCatalog newCatalog() {
            return emptyCatalog();
        }
    }

    @Nested
    class ApiKeyStoreTest extends ApiKeyStoreContract {
        @Override
        protected ResourceCatalog newCatalog() {
            return emptyCatalog();
        }
    }
}
