package dev.dirsync.examples.saas;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.outcome.Outcome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's {@link SaasUserStore} writes {@code app_users} with a plain JdbcTemplate and nothing else: the starter
 * makes dirsync's work a Spring transaction, so the app's row and dirsync's state commit or roll back together.
 */
@SpringBootTest(classes = SaasApplication.class, properties =
        "spring.datasource.url=jdbc:h2:mem:saas_one_transaction;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class OneTransactionWithDirsyncTest {
    @Autowired
    DirectorySync sync;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    private int appUsers() {
        Integer n = jdbc.queryForObject("select count(*) from app_users where organization_id = 'txco'", Integer.class);
        return n == null ? 0 : n;
    }

    @Test
    void theAppsUserRowAndDirsyncsStateRollBackTogether() {
        sync.createOrganization("txco", "TxCo");
        SourceEvent hired = new SourceEvent.UserCreated(new EventMeta("event_tx_1", "txco", "directory_tx",
                Source.workos("Okta"), Instant.parse("2026-03-02T09:00:00Z")),
                DirectoryUser.builder("directory_user_tx", "directory_tx").email("ines@txco.test").build());

        transactions.executeWithoutResult(status -> {
            assertThat(sync.accept(hired)).isInstanceOf(Outcome.Applied.class);
            assertThat(appUsers()).as("SaasUserStore wrote its row in this transaction").isEqualTo(1);
            status.setRollbackOnly();
        });
        assertThat(appUsers()).isZero();
        assertThat(sync.directoryUsers("txco")).as("the mirror rolled back with it").isEmpty();
        assertThat(sync.accept(hired)).as("so did the ledger: the event is new again").isInstanceOf(Outcome.Applied.class);
        assertThat(appUsers()).isEqualTo(1);
    }
}
