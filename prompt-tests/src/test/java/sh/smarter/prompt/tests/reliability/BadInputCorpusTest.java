package sh.smarter.prompt.tests.reliability;

import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import sh.smarter.prompt.persistence.database.DatabaseSettings;

/** The bad-input corpus on the embedded store (H2, in memory); the dump is H2's SCRIPT, identities included. */
class BadInputCorpusTest extends BadInputCorpusScenarios {
    @Override
    DatabaseSettings database() {
        return DatabaseSettings.inMemoryH2("bad-input-" + UUID.randomUUID());
    }

    @Override
    void dropDatabase() {
        // In memory: gone with the server's pool.
    }

    @Override
    String dump(DataSource dataSource) throws SQLException {
        return h2Script(dataSource);
    }
}
