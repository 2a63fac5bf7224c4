package sh.smarter.prompt.tests.contract;

import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.resource.ResourceCatalog;

class InMemoryResourceCatalogContractTest extends ResourceCatalogContract {
    @Override
    protected ResourceCatalog newCatalog() {
        return new InMemoryResourceCatalog();
    }
}
