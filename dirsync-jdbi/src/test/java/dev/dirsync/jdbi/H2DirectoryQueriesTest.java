package dev.dirsync.jdbi;

/** The read model's query contract and the database-only checks on H2. */
class H2DirectoryQueriesTest extends AbstractJdbiDirectoryQueriesTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.H2;
    }
}
