package sh.smarter.prompt.tests.tenancy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.persistence.database.DatabaseSettings;

/** {@link TenantIsolationScenarios} on the embedded H2 database in a data directory, as {@code serve} opens it. */
class TenantIsolationTest extends TenantIsolationScenarios {
    // Static: the scenarios start their server in @BeforeAll, before instance fields are injected.
    @TempDir
    static Path dataDirectory;

    @Override
    DatabaseSettings database() {
        return DatabaseSettings.embeddedH2(dataDirectory);
    }
}
