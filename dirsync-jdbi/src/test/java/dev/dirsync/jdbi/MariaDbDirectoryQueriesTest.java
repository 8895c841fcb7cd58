package dev.dirsync.jdbi;

/** The read model's query contract and the database-only checks on MariaDB. */
class MariaDbDirectoryQueriesTest extends AbstractJdbiDirectoryQueriesTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
