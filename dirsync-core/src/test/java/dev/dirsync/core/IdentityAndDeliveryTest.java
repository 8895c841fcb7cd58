package dev.dirsync.core;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.testkit.InMemoryUserStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.dirsync.core.Fixture.DIR;
import static dev.dirsync.core.Fixture.ORG;
import static dev.dirsync.core.Fixture.key;
import static dev.dirsync.core.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Identity by directory id, linking, duplicates, stale and unordered delivery. */
class IdentityAndDeliveryTest {

    private final Fixture f = new Fixture();

    private List<AuditEntry> audit() {
        return f.sync.audit(AuditQuery.of(ORG).page(0, 1000)).entries();
    }

    @Test
    void aNewDirectoryUserIsProvisionedOnceWithOneAuditEntry() {
        Outcome o = f.created(user("u1", "bob@acme.test").build());

        assertThat(o).isInstanceOf(Outcome.Applied.class);
        InMemoryUserStore.Row bob = f.host("u1");
        assertThat(bob.email).isEqualTo("bob@acme.test");
        assertThat(bob.status).isEqualTo(UserStatus.ACTIVE);
        assertThat(bob.role).isEqualTo("member");
        assertThat(audit()).extracting(AuditEntry::action).containsExactly(AuditAction.USER_PROVISIONED);
        assertThat(audit().get(0).actor()).isEqualTo("Okta via WorkOS Directory Sync");
        assertThat(audit().get(0).sourceEventId()).isEqualTo("event_00001");
        assertThat(f.host.audit).hasSize(1); // the host's sink got the same entry
    }

    @Test
    void anEmailChangeUpdatesTheSameHostUser() {
        f.created(user("u1", "bob@acme.test").build());
        String id = f.host("u1").id;

        f.updated(user("u1", "robert@acme.test").build());

        assertThat(f.users.rows(ORG)).hasSize(1);
        assertThat(f.host("u1").id).isEqualTo(id);
        assertThat(f.host("u1").email).isEqualTo("robert@acme.test");
        AuditEntry updated = audit().get(0);
        assertThat(updated.action()).isEqualTo(AuditAction.USER_UPDATED);
        assertThat(updated.before()).containsEntry("email", "bob@acme.test");
        assertThat(updated.after()).containsEntry("email", "robert@acme.test");
    }

    @Test
    void twoUsersSwappingEmailsStayTwoDistinctHostUsers() {
        f.created(user("u1", "a@acme.test").build());
        f.created(user("u2", "b@acme.test").build());

        f.updated(user("u1", "b@acme.test").build());
        f.updated(user("u2", "a@acme.test").build());

        assertThat(f.host("u1").email).isEqualTo("b@acme.test");
        assertThat(f.host("u2").email).isEqualTo("a@acme.test");
        assertThat(f.host("u1").id).isNotEqualTo(f.host("u2").id);
    }

    @Test
    void anExistingAccountWithTheSameVerifiedEmailIsLinkedNotDuplicated() {
        InMemoryUserStore.Row existing = f.users.addLocalUser(ORG, "Carol@Acme.test", true, "member",
                Instant.parse("2025-01-01T00:00:00Z"));

        f.created(user("u3", "carol@acme.test").build());

        assertThat(f.users.rows(ORG)).hasSize(1);
        assertThat(existing.directoryKey).isEqualTo(key("u3"));
        assertThat(existing.givenName).isEqualTo("Carol");
        assertThat(audit()).extracting(AuditEntry::action).contains(AuditAction.USER_LINKED)
                .doesNotContain(AuditAction.USER_PROVISIONED);
    }

    @Test
    void anUnverifiedEmailIsNeverLinked() {
        InMemoryUserStore.Row squatter = f.users.addLocalUser(ORG, "dave@acme.test", false, "admin",
                Instant.parse("2025-01-01T00:00:00Z"));

        f.created(user("u4", "dave@acme.test").build());

        assertThat(squatter.directoryKey).isNull();
        assertThat(f.users.rows(ORG)).hasSize(2);
        assertThat(f.host("u4").role).isEqualTo("member");
    }

    @Test
    void aUserOfAnotherOrganizationIsNeverLinked() {
        f.sync.createOrganization("globex", "Globex");
        f.users.addLocalUser("globex", "erin@acme.test", true, "admin", Instant.parse("2025-01-01T00:00:00Z"));

        f.created(user("u5", "erin@acme.test").build());

        assertThat(f.host("u5").organizationId).isEqualTo(ORG);
        assertThat(f.users.rows("globex").get(0).directoryKey).isNull();
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        EventMeta meta = f.next();
        SourceEvent created = new SourceEvent.UserCreated(meta, user("u1", "bob@acme.test").build());
        f.send(created);
        int writes = f.users.writes();
        int entries = audit().size();

        Outcome again = f.send(created);

        assertThat(again).isInstanceOf(Outcome.Duplicate.class);
        assertThat(f.users.writes()).isEqualTo(writes);
        assertThat(audit()).hasSize(entries);
    }

    @Test
    void aRedeliveredEventIdWithDifferentContentIsStillADuplicate() {
        EventMeta meta = f.next();
        f.send(new SourceEvent.UserCreated(meta, user("u1", "bob@acme.test").build()));

        Outcome o = f.send(new SourceEvent.UserUpdated(meta, user("u1", "mallory@acme.test").build()));

        assertThat(o).isInstanceOf(Outcome.Duplicate.class);
        assertThat(f.host("u1").email).isEqualTo("bob@acme.test");
    }

    @Test
    void anOlderUpdateCannotMoveStateBackwards() {
        Instant t = Instant.parse("2026-01-05T10:00:00Z");
        f.send(new SourceEvent.UserCreated(f.at("e1", t), user("u1", "bob@acme.test").title("Engineer").build()));
        f.send(new SourceEvent.UserUpdated(f.at("e3", t.plusSeconds(20)), user("u1", "bob@acme.test").title("CTO").build()));

        Outcome late = f.send(new SourceEvent.UserUpdated(f.at("e2", t.plusSeconds(10)),
                user("u1", "bob@acme.test").title("Intern").build()));

        assertThat(late).isInstanceOf(Outcome.Stale.class);
        assertThat(f.host("u1").metadata).containsEntry("title", "CTO");
    }

    @Test
    void aLateCreatedAfterADeletionDoesNotResurrectTheUser() {
        Instant t = Instant.parse("2026-01-05T10:00:00Z");
        f.send(new SourceEvent.UserCreated(f.at("e1", t), user("u1", "bob@acme.test").build()));
        f.send(new SourceEvent.UserDeleted(f.at("e3", t.plusSeconds(30)), "u1"));

        Outcome late = f.send(new SourceEvent.UserUpdated(f.at("e2", t.plusSeconds(5)), user("u1", "bob@acme.test").build()));

        assertThat(late).isInstanceOf(Outcome.Stale.class);
        assertThat(f.host("u1").status).isEqualTo(UserStatus.DEACTIVATED);
    }

    @Test
    void aMembershipRemovedLaterStaysRemovedWhenTheOlderAddArrivesLast() {
        f.map(GroupMapping.role("g_admins", "admin"));
        f.users.addLocalUser(ORG, "founder@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
        Instant t = Instant.parse("2026-01-05T10:00:00Z");
        f.send(new SourceEvent.UserCreated(f.at("e1", t), user("u1", "bob@acme.test").build()));

        f.send(new SourceEvent.UserRemovedFromGroup(f.at("e3", t.plusSeconds(20)), "u1", "g_admins"));
        Outcome add = f.send(new SourceEvent.UserAddedToGroup(f.at("e2", t.plusSeconds(10)), "u1", "g_admins"));

        assertThat(add).isInstanceOf(Outcome.Stale.class);
        assertThat(f.host("u1").role).isEqualTo("member");
    }

    @Test
    void aMembershipMayArriveBeforeItsUserAndGroup() {
        f.map(GroupMapping.role("g_admins", "admin"));

        Outcome early = f.add("u1", "g_admins");
        assertThat(early).isInstanceOf(Outcome.Applied.class);
        assertThat(f.users.rows(ORG)).isEmpty();

        f.created(user("u1", "bob@acme.test").build());
        f.group("g_admins", "Admins");

        assertThat(f.host("u1").role).isEqualTo("admin");
    }

    @Test
    void aMembershipEventCarryingSnapshotsProvisionsTheUserDirectly() {
        f.map(GroupMapping.workspaces("g_eng", "engineering"));
        DirectoryUser bob = user("u1", "bob@acme.test").build();

        f.send(new SourceEvent.UserAddedToGroup(f.next(), "u1", "g_eng", bob, DirectoryGroup.of("g_eng", DIR, "Eng")));

        assertThat(f.host("u1").workspaces).containsExactly("engineering");
        assertThat(f.sync.directoryGroups(ORG)).extracting(g -> g.group().displayName()).containsExactly("Eng");
    }

    @Test
    void theSameUserIdInTwoDirectoriesIsTwoHostUsers() {
        f.created(user("u1", "bob@acme.test").build());
        DirectoryUser contractor = DirectoryUser.builder("u1", "directory_google").email("bob@contractor.test").build();

        f.send(new SourceEvent.UserCreated(new EventMeta("g1", ORG, "directory_google",
                dev.dirsync.core.event.Source.workos("Google Workspace"), Instant.parse("2026-01-05T12:00:00Z")), contractor));

        assertThat(f.users.rows(ORG)).hasSize(2);
        assertThat(f.users.byDirectoryUser(new DirectoryUserKey(ORG, "directory_google", "u1")).orElseThrow().email)
                .isEqualTo("bob@contractor.test");
    }

    @Test
    void anEventForAnUnknownOrganizationIsRejectedAndNothingIsStored() {
        Outcome o = f.send(new SourceEvent.UserCreated(new EventMeta("x1", "nobody", DIR, Fixture.OKTA,
                Instant.parse("2026-01-05T12:00:00Z")), user("u1", "bob@acme.test").build()));

        assertThat(o).isInstanceOf(Outcome.Rejected.class);
        assertThat(((Outcome.Rejected) o).reason()).contains("unknown organization 'nobody'");
        assertThat(f.users.writes()).isZero();
    }

    @Test
    void aHostFailureRollsBackSoTheRetryAppliesTheEvent() {
        InMemoryUserStore failing = new InMemoryUserStore(f.clock) {
            int calls;

            @Override
            public synchronized dev.dirsync.core.spi.AppUser create(dev.dirsync.core.model.Projection desired) {
                if (calls++ == 0) {
                    throw new IllegalStateException("user table unavailable");
                }
                return super.create(desired);
            }
        };
        DirectorySync sync = DirectorySync.builder().userStore(failing).sessionRevoker(f.host).apiKeyRevoker(f.host)
                .clock(f.clock).build();
        sync.createOrganization(ORG, "Acme");
        SourceEvent created = new SourceEvent.UserCreated(f.next(), user("u1", "bob@acme.test").build());

        assertThatThrownBy(() -> sync.accept(created)).hasMessageContaining("user table unavailable");
        assertThat(sync.directoryUsers(ORG)).isEmpty(); // mirror and ledger rolled back with it

        assertThat(sync.accept(created)).isInstanceOf(Outcome.Applied.class);
        assertThat(failing.byDirectoryUser(key("u1"))).isPresent();
    }

    @Test
    void anOutcomeListenerSeesEveryEventAndItsOutcome() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        DirectorySync sync = DirectorySync.builder().userStore(new InMemoryUserStore()).sessionRevoker(f.host)
                .apiKeyRevoker(f.host).clock(f.clock)
                .outcomeListener((event, outcome, elapsed) -> seen.add(event.meta().eventId() + " "
                        + outcome.getClass().getSimpleName() + (elapsed.isNegative() ? " negative time" : "")))
                .build();
        sync.createOrganization(ORG, "Acme");
        SourceEvent created = new SourceEvent.UserCreated(f.next(), user("u1", "bob@acme.test").build());

        sync.accept(created);
        sync.accept(created);

        assertThat(seen).containsExactly("event_00001 Applied", "event_00001 Duplicate");
    }
}
