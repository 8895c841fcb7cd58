package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.testkit.DriftContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Drift detection on JDBI, two application instances (two pools) on one set of tables. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractDriftTest extends DriftContract {
    private HikariDataSource poolA;
    private HikariDataSource poolB;
    private String prefix;
    private JdbiStateStore a;
    private JdbiStateStore b;

    protected abstract TestDatabase database();

    @BeforeAll
    void start() {
        String url = database().newUrl();
        prefix = TestDatabase.newPrefix();
        poolA = TestDatabase.pool(url, 4);
        poolB = TestDatabase.pool(url, 4);
        a = JdbiStateStore.builder(poolA).tablePrefix(prefix).build();
        b = JdbiStateStore.builder(poolB).tablePrefix(prefix).build();
    }

    @AfterAll
    void stop() {
        TestDatabase.dropTables(poolA, prefix);
        poolA.close();
        poolB.close();
    }

    @Override
    protected StateStore newStateStore() {
        return a;
    }

    @Override
    protected StateStore secondInstance(StateStore first) {
        return b;
    }
}
