package dev.dirsync.jdbi;

/** Two dirsync instances on one H2 database. */
class H2EngineConcurrencyTest extends AbstractEngineConcurrencyTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.H2;
    }
}
