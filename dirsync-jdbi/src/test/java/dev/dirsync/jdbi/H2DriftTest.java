package dev.dirsync.jdbi;

/** Drift detection on H2. */
class H2DriftTest extends AbstractDriftTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.H2;
    }
}
