package dev.dirsync.jdbi;

/** Schema version 4 over duplicate WorkOS bindings, on MariaDB. */
class MariaDbTenantBindingMigrationTest extends AbstractTenantBindingMigrationTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
