package sh.smarter.prompt.tests.tenancy;

import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.tests.persistence.MariaDbTestDatabase;

/**
 * {@link TenantIsolationScenarios} on MariaDB (the server of scripts/mariadb-test-server.sh), in a database of its
 * own.
 */
class TenantIsolationMariaDbTest extends TenantIsolationScenarios {
    private DatabaseSettings settings;

    @Override
    DatabaseSettings database() {
        settings = MariaDbTestDatabase.createDatabase("tenants");
        return settings;
    }

    @Override
    void dropDatabase() {
        if (settings != null) {
            MariaDbTestDatabase.dropDatabase(settings);
        }
    }
}
