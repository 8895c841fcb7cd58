package dev.dirsync.jdbi;

/** Schema version 4 over duplicate WorkOS bindings, on H2. */
class H2TenantBindingMigrationTest extends AbstractTenantBindingMigrationTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.H2;
    }
}
