package sh.smarter.prompt.tests.reliability;

import java.util.UUID;
import sh.smarter.prompt.persistence.database.DatabaseSettings;

/** {@link UnknownCommitScenarios} on H2, the embedded database. */
class UnknownCommitH2Test extends UnknownCommitScenarios {
    @Override
    DatabaseSettings database() {
        return DatabaseSettings.inMemoryH2("unknown_commit_" + UUID.randomUUID().toString().replace("-", ""));
    }
}
