package dev.dirsync.jdbi;

/** The read model's query contract and the database-only checks on PostgreSQL. */
class PostgresDirectoryQueriesTest extends AbstractJdbiDirectoryQueriesTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
