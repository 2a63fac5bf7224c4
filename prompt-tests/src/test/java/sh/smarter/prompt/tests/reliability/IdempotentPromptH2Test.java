package sh.smarter.prompt.tests.reliability;

import java.util.UUID;
import sh.smarter.prompt.persistence.database.DatabaseSettings;

/** {@link IdempotentPromptScenarios} on H2, the embedded database. */
class IdempotentPromptH2Test extends IdempotentPromptScenarios {
    @Override
    DatabaseSettings database() {
        return DatabaseSettings.inMemoryH2("idempotency_" + UUID.randomUUID().toString().replace("-", ""));
    }
}
