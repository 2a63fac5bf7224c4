package sh.smarter.prompt.tests.persistence;

/** Upgrading an H2 database (MySQL mode) from schema version 1. */
class JpaH2SchemaMigrationTest extends SchemaMigrationScenarios {
    @Override
    protected JpaTestDatabase newDatabase() {
        return JpaTestDatabase.h2();
    }
}
