package sh.smarter.prompt.tests.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import sh.smarter.prompt.persistence.database.JpaPersistence;

/**
 * Two server instances on one emptied database: {@code database.persistence()} is one, {@code other} the second,
 * opened on the same settings with caches and pools of its own.
 */
abstract class TwoInstancesOnOneDatabase {
    protected JpaTestDatabase database;
    protected JpaPersistence other;

    protected abstract JpaTestDatabase newDatabase();

    @BeforeEach
    void openTwoInstances() {
        database = newDatabase();
        database.emptied();
        other = JpaPersistence.open(database.settings());
    }

    @AfterEach
    void closeThem() {
        other.close();
        database.close();
    }
}
