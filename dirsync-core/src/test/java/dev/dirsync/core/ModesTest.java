package dev.dirsync.core;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.state.PreviewEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.dirsync.core.Fixture.ADMIN;
import static dev.dirsync.core.Fixture.ORG;
import static dev.dirsync.core.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;

/** Active, paused and test modes. */
class ModesTest {

    private final Fixture f = new Fixture();

    @Test
    void pausingKeepsTheMirrorCurrentAndHoldsProjectionUntilResumed() {
        f.created(user("u1", "bob@acme.test").build());
        f.sync.pause(ORG, ADMIN);

        Outcome o = f.updated(user("u1", "bob@acme.test").title("CTO").build());
        f.created(user("u2", "carol@acme.test").build());

        assertThat(o).isInstanceOf(Outcome.HeldPaused.class);
        assertThat(f.host("u1").metadata).doesNotContainKey("title");
        assertThat(f.users.byDirectoryUser(Fixture.key("u2"))).isEmpty();
        assertThat(f.sync.directoryUsers(ORG)).hasSize(2);

        f.sync.resume(ORG, ADMIN);

        assertThat(f.host("u1").metadata).containsEntry("title", "CTO");
        assertThat(f.host("u2").status).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void testModeShowsWhatWouldChangeAndNothingReachesTheHost() {
        f.users.addLocalUser(ORG, "carol@acme.test", true, "member", Instant.parse("2025-01-01T00:00:00Z"));
        int writes = f.users.writes();
        f.map(GroupMapping.workspaces("g_eng", "engineering"));
        f.sync.startTest(ORG, ADMIN);

        Outcome o = f.created(user("u1", "bob@acme.test").build());
        f.created(user("u2", "carol@acme.test").build());
        f.add("u2", "g_eng");

        assertThat(o).isInstanceOf(Outcome.Previewed.class);
        assertThat(((Outcome.Previewed) o).changes()).extracting(Change::action).containsExactly(AuditAction.USER_PROVISIONED);
        assertThat(f.users.writes()).isEqualTo(writes);
        assertThat(f.host.revokedSessions).isEmpty();
        List<PreviewEntry> preview = f.sync.preview(ORG);
        assertThat(preview).hasSize(2);
        assertThat(preview.get(0).changes()).extracting(Change::action).containsExactly(AuditAction.USER_PROVISIONED);
        assertThat(preview.get(1).changes()).extracting(Change::action)
                .as("an existing account would be linked, not duplicated")
                .contains(AuditAction.USER_LINKED, AuditAction.WORKSPACE_ADDED).doesNotContain(AuditAction.USER_PROVISIONED);

        f.sync.activate(ORG, ADMIN);

        assertThat(f.host("u1").status).isEqualTo(UserStatus.ACTIVE);
        assertThat(f.host("u2").workspaces).containsExactly("engineering");
        assertThat(f.users.rows(ORG)).hasSize(2);
        assertThat(f.sync.preview(ORG)).isEmpty();
    }

    @Test
    void thePreviewSettlesToTheCurrentStateNotAHistory() {
        f.created(user("u1", "bob@acme.test").build());
        f.sync.startTest(ORG, ADMIN);

        f.updated(user("u1", "bob@acme.test").title("A").build());
        f.updated(user("u1", "bob@acme.test").build()); // back to what the host has

        assertThat(f.sync.preview(ORG)).isEmpty();
    }

    @Test
    void modeChangesAreAudited() {
        f.sync.pause(ORG, ADMIN);
        f.sync.resume(ORG, ADMIN);

        assertThat(f.sync.audit(dev.dirsync.core.audit.AuditQuery.of(ORG).withAction(AuditAction.MODE_CHANGED)).entries())
                .extracting(e -> e.after().get("mode"), e -> e.actor())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("active", "alice@acme.test via the admin console"),
                        org.assertj.core.groups.Tuple.tuple("paused", "alice@acme.test via the admin console"));
    }
}
