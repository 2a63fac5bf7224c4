package sh.smarter.prompt.tests.reliability;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.tests.persistence.MariaDbTestDatabase;

/** {@link IdempotentPromptScenarios} on MariaDB (the server of scripts/mariadb-test-server.sh). */
class IdempotentPromptMariaDbTest extends IdempotentPromptScenarios {
    private final List<DatabaseSettings> created = new ArrayList<>();

    @Override
    DatabaseSettings database() {
        DatabaseSettings settings = MariaDbTestDatabase.createDatabase("idempotency");
        created.add(settings);
        return settings;
    }

    @AfterEach
    void dropDatabases() {
        created.forEach(MariaDbTestDatabase::dropDatabase);
    }
}
