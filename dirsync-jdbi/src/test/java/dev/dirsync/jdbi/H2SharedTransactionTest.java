package dev.dirsync.jdbi;

/** A host table in dirsync's transaction, on H2. */
class H2SharedTransactionTest extends AbstractSharedTransactionTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.H2;
    }
}
