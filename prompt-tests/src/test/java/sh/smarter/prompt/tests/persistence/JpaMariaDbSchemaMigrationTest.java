package sh.smarter.prompt.tests.persistence;

/** Upgrading a MariaDB database from schema version 1. */
class JpaMariaDbSchemaMigrationTest extends SchemaMigrationScenarios {
    @Override
    protected JpaTestDatabase newDatabase() {
        return JpaTestDatabase.mariaDb("migration");
    }
}
