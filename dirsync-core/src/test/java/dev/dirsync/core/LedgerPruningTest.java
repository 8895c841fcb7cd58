package dev.dirsync.core;

import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.dirsync.core.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Processed-event ids are kept for the ledger retention, then pruned; the version guard still refuses old events. */
class LedgerPruningTest {
    private final Fixture f = new Fixture();

    @Test
    void idsYoungerThanSevenDaysAreKeptSoARedeliveryIsStillADuplicate() {
        SourceEvent e = new SourceEvent.UserCreated(f.next(), user("u1", "bob@acme.test").build());
        f.send(e);
        f.clock.advance(Duration.ofDays(6));

        assertThat(f.sync.pruneLedger()).isZero();
        assertThat(f.send(e)).isInstanceOf(Outcome.Duplicate.class);
    }

    @Test
    void idsOlderThanTheRetentionArePrunedAndALateRedeliveryIsRefusedAsStaleNotAppliedAgain() {
        EventMeta first = f.next();
        SourceEvent created = new SourceEvent.UserCreated(first, user("u1", "bob@acme.test").build());
        f.send(created);
        f.updated(user("u1", "robert@acme.test").build());
        f.clock.advance(Duration.ofDays(8));

        assertThat(f.sync.pruneLedger()).isEqualTo(2);
        assertThat(f.sync.pruneLedger()).isZero();

        assertThat(f.send(created)).isInstanceOf(Outcome.Stale.class);
        assertThat(f.host("u1").email).isEqualTo("robert@acme.test");
    }

    @Test
    void pruningWorksThroughManyBatches() {
        for (int i = 0; i < DirectorySync.LEDGER_PRUNE_BATCH + 5; i++) {
            f.created(user("u" + i, "u" + i + "@acme.test").build());
        }
        f.clock.advance(Duration.ofDays(8));

        assertThat(f.sync.pruneLedger()).isEqualTo(DirectorySync.LEDGER_PRUNE_BATCH + 5);
    }

    @Test
    void theRetentionIsConfigurableAndMustBePositive() {
        DirectorySync keepsAMonth = DirectorySync.builder().stateStore(new InMemoryStateStore())
                .userStore(new InMemoryUserStore()).sessionRevoker(SessionRevoker.NONE).apiKeyRevoker(ApiKeyRevoker.NONE)
                .clock(f.clock).ledgerRetention(Duration.ofDays(30)).build();
        keepsAMonth.createOrganization(Fixture.ORG, "Acme");
        keepsAMonth.accept(new SourceEvent.UserCreated(f.next(), user("u1", "bob@acme.test").build()));
        f.clock.advance(Duration.ofDays(8));

        assertThat(keepsAMonth.pruneLedger()).isZero();
        assertThatThrownBy(() -> DirectorySync.builder().ledgerRetention(Duration.ZERO))
                .hasMessageContaining("ledgerRetention must be positive");
    }
}
