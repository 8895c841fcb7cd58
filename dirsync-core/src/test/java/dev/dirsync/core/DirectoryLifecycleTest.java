package dev.dirsync.core;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.state.DirectoryConnection;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.dirsync.core.Fixture.ORG;
import static dev.dirsync.core.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;

/** A directory being connected and removed at the source. */
class DirectoryLifecycleTest {

    private final Fixture f = new Fixture();

    private List<DirectoryConnection> connections() {
        return f.sync.directory(ORG).connections();
    }

    @Test
    void activationRecordsTheConnectionAndIsAudited() {
        f.send(new SourceEvent.DirectoryActivated(f.next(), "Okta (staff)"));

        assertThat(connections()).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(DirectoryConnection.State.ACTIVE);
            assertThat(c.kind()).isEqualTo(DirectoryConnection.Kind.WORKOS);
            assertThat(c.lastEventAt()).isEqualTo(f.clock.instant());
        });
        assertThat(f.sync.audit(AuditQuery.of(ORG).withAction(AuditAction.DIRECTORY_ACTIVATED)).total()).isEqualTo(1);
    }

    @Test
    void aDeletedDirectoryAlertsAdminsAndKeepsItsUsersByDefault() {
        f.created(user("u1", "bob@acme.test").build());

        f.send(new SourceEvent.DirectoryDeleted(f.next()));

        assertThat(f.host("u1").status).isEqualTo(UserStatus.ACTIVE);
        assertThat(connections().get(0).state()).isEqualTo(DirectoryConnection.State.DELETED);
        assertThat(f.host.notices).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.DIRECTORY_DELETED);
    }

    @Test
    void aDeletedDirectoryDeactivatesItsUsersWhenTheSettingsSaySo() {
        f.users.addLocalUser(ORG, "founder@acme.test", true, "admin", java.time.Instant.parse("2024-01-01T00:00:00Z"));
        f.configure(s -> s.withDeactivateWhenDirectoryDeleted(true));
        f.created(user("u1", "bob@acme.test").build());
        f.created(user("u2", "carol@acme.test").build());

        f.send(new SourceEvent.DirectoryDeleted(f.next()));

        assertThat(f.host("u1").status).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(f.host("u2").status).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(f.host.revokedSessions).hasSize(2);
    }
}
