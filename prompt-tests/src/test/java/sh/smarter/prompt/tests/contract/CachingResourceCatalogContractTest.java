package sh.smarter.prompt.tests.contract;

import java.time.Duration;
import sh.smarter.prompt.core.inmemory.CachingResourceCatalog;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.resource.ResourceCatalog;

/** The cache in front of a catalog changes nothing a caller of the port can see within one process. */
class CachingResourceCatalogContractTest extends ResourceCatalogContract {
    @Override
    protected ResourceCatalog newCatalog() {
        return new CachingResourceCatalog(new InMemoryResourceCatalog(), Duration.ofMinutes(5));
    }
}
