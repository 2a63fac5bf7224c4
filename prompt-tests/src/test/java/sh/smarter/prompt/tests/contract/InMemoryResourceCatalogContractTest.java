package sh.smarter.prompt.tests.contract;

import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.resource.ResourceCatalog;

/** The three resource port contracts on {@link InMemoryResourceCatalog}, which holds all three in one set of tables. */
class InMemoryResourceCatalogContractTest extends ResourcePortContracts {

    @Override
    protected ResourceCatalog emptyCatalog() {
        return new InMemoryResourceCatalog();
    }
}
