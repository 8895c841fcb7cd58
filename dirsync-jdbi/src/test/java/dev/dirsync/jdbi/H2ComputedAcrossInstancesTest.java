package dev.dirsync.jdbi;

/** Read-modify-write across two instances on H2. */
class H2ComputedAcrossInstancesTest extends AbstractComputedAcrossInstancesTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.H2;
    }
}
