package dev.dirsync.jdbi;

/** Schema version 4 over duplicate WorkOS bindings, on PostgreSQL. */
class PostgresTenantBindingMigrationTest extends AbstractTenantBindingMigrationTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
