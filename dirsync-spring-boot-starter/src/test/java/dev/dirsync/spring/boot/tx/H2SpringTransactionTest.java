package dev.dirsync.spring.boot.tx;

import java.util.UUID;

/** One transaction with the host, on H2. */
class H2SpringTransactionTest extends AbstractSpringTransactionTest {
    private final String url = "jdbc:h2:mem:tx_" + UUID.randomUUID().toString().substring(0, 8)
            + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;USER=sa;PASSWORD=";

    @Override
    protected String url() {
        return url;
    }
}
