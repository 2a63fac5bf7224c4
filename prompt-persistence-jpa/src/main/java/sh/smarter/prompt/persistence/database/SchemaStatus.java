package sh.smarter.prompt.persistence.database;

import java.util.List;

/**
 * Which schema migrations a database has.
 *
 * @param currentVersion the version of the last applied migration, or null for an empty database
 * @param applied        the versions applied, oldest first
 * @param pending        the versions this build knows that the database does not have yet
 */
public record SchemaStatus(String currentVersion, List<String> applied, List<String> pending) {
    public SchemaStatus {
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
    }

    public boolean isUpToDate() {
        return pending.isEmpty();
    }
}
