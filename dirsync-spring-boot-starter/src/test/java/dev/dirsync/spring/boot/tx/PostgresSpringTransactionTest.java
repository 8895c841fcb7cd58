package dev.dirsync.spring.boot.tx;

/**
 * One transaction with the host, on PostgreSQL ({@code .ci/run} starts it; {@code DIRSYNC_TEST_POSTGRES_URL}
 * overrides the URL). An unreachable server fails the test rather than skipping it.
 */
class PostgresSpringTransactionTest extends AbstractSpringTransactionTest {
    @Override
    protected String url() {
        String url = System.getenv("DIRSYNC_TEST_POSTGRES_URL");
        return url == null || url.isBlank()
                ? "jdbc:postgresql://127.0.0.1:5432/dirsync_test?user=dirsync&password=dirsync" : url;
    }
}
