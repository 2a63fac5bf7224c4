package sh.smarter.prompt.tests.contract;

import java.time.Duration;
import sh.smarter.prompt.core.inmemory.CachingResourceCatalog;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.resource.ResourceCatalog;

/**
 * The three resource port contracts through the cache in front of a catalog: it changes nothing a caller of a port
 * can see within one process.
 */
class CachingResourceCatalogContractTest extends ResourcePortContracts {

    @Override
    protected ResourceCatalog emptyCatalog() {
        return new CachingResourceCatalog(new InMemoryResourceCatalog(), Duration.ofMinutes(5));
    }
}
