package dev.dirsync.jdbi;

/** Read-modify-write across two instances on MariaDb. */
class MariaDbComputedAcrossInstancesTest extends AbstractComputedAcrossInstancesTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
