package dev.dirsync.core;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.testkit.InMemoryUserStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.dirsync.core.Fixture.ORG;
import static dev.dirsync.core.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;

/** Sensitive attributes never stored or logged; the audit log answers real questions. */
class SensitiveAttributesAndAuditTest {

    private final Fixture f = new Fixture();

    private List<AuditEntry> audit() {
        return f.sync.audit(AuditQuery.of(ORG).page(0, 1000)).entries();
    }

    private MirrorUser mirrored(String userId) {
        return f.sync.directoryUsers(ORG).stream().filter(m -> m.user().id().equals(userId)).findFirst().orElseThrow();
    }

    @Test
    void aSensitivelyNamedCustomAttributeIsDroppedAndAuditedByNameOnly() {
        f.created(user("u1", "bob@acme.test").customAttributes(Map.of("ssn", "078-05-1120", "team", "blue",
                "Date_Of_Birth", "1990-01-01")).build());

        assertThat(mirrored("u1").user().customAttributes()).containsOnlyKeys("team");
        List<AuditEntry> filtered = audit().stream().filter(e -> e.action() == AuditAction.ATTRIBUTE_FILTERED).toList();
        assertThat(filtered).extracting(AuditEntry::detail)
                .anySatisfy(d -> assertThat(d).contains("customAttributes.ssn"))
                .anySatisfy(d -> assertThat(d).contains("customAttributes.Date_Of_Birth"));
        assertThat(audit().toString()).doesNotContain("078-05-1120").doesNotContain("1990-01-01");
        assertThat(f.host.audit.toString()).doesNotContain("078-05-1120");
    }

    @Test
    void anSsnSentAsEmployeeNumberIsDroppedBeforeItReachesTheHost() {
        f.created(user("u1", "bob@acme.test").employeeNumber("078-05-1120").department("R&D").build());

        assertThat(mirrored("u1").user().employeeNumber()).isNull();
        InMemoryUserStore.Row bob = f.host("u1");
        assertThat(bob.metadata).doesNotContainKey("employeeNumber").containsEntry("department", "R&D");
        assertThat(audit()).extracting(AuditEntry::detail).anySatisfy(d -> assertThat(d).startsWith("employeeNumber dropped"));
    }

    @Test
    void aCardNumberHiddenInRawAttributesIsDropped() {
        f.created(user("u1", "bob@acme.test").rawAttributes(Map.of("profile",
                Map.of("notes", "4111 1111 1111 1111", "nickname", "Bobby"))).build());

        assertThat(mirrored("u1").user().rawAttributes()).isEqualTo(Map.of("profile", Map.of("nickname", "Bobby")));
        assertThat(audit().toString()).doesNotContain("4111");
    }

    @Test
    void ordinaryNumbersAreKept() {
        f.created(user("u1", "bob@acme.test").employeeNumber("123456789").costCenter("4000-12")
                .customAttributes(Map.of("phoneExtension", "1234", "orderId", "4111111111111112")).build());

        MirrorUser m = mirrored("u1");
        assertThat(m.user().employeeNumber()).isEqualTo("123456789");
        assertThat(m.user().costCenter()).isEqualTo("4000-12");
        assertThat(m.user().customAttributes()).containsOnlyKeys("phoneExtension", "orderId"); // not Luhn-valid
        assertThat(audit()).extracting(AuditEntry::action).doesNotContain(AuditAction.ATTRIBUTE_FILTERED);
    }

    @Test
    void anOrganizationAddsItsOwnSensitiveNames() {
        f.configure(s -> s.withSensitiveAttributes(Set.of("badgePin"), true));

        f.created(user("u1", "bob@acme.test").customAttributes(Map.of("badge_pin", "4471", "ssn", "x")).build());

        assertThat(mirrored("u1").user().customAttributes()).as("the org's list replaces the default one")
                .containsOnlyKeys("ssn");
    }

    @Test
    void enterpriseExtensionPathsAreMatchedByTheirLastSegment() {
        f.created(user("u1", "bob@acme.test").rawAttributes(Map.of(
                "urn:ietf:params:scim:schemas:extension:acme:2.0:User:salary", 120000)).build());

        assertThat(mirrored("u1").user().rawAttributes()).isEmpty();
    }

    @Test
    void whoGotTheAdminRoleLastWeekIsOneQuery() {
        f.users.addLocalUser(ORG, "founder@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
        f.map(GroupMapping.role("g_admins", "admin"));
        f.created(user("u1", "bob@acme.test").build());
        f.created(user("u2", "carol@acme.test").build());
        f.add("u1", "g_admins");
        f.clock.advance(Duration.ofHours(1));
        Instant weekStart = f.clock.instant();
        f.clock.advance(Duration.ofDays(2));
        f.add("u2", "g_admins");
        f.clock.advance(Duration.ofDays(8));
        f.created(user("u3", "dan@acme.test").build());
        f.add("u3", "g_admins");

        AuditPage page = f.sync.audit(AuditQuery.of(ORG).withAction(AuditAction.ROLE_CHANGED)
                .between(weekStart, weekStart.plus(Duration.ofDays(7))));

        assertThat(page.entries()).extracting(AuditEntry::targetLabel, e -> e.after().get("role"), AuditEntry::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("carol@acme.test", "admin",
                        "Okta via WorkOS Directory Sync"));
        assertThat(page.entries().get(0).sourceEventId()).isNotBlank();
    }

    @Test
    void auditSearchFiltersByTargetAndActorAndPagesNewestFirst() {
        f.created(user("u1", "bob@acme.test").build());
        for (int i = 0; i < 5; i++) {
            f.updated(user("u1", "bob@acme.test").title("T" + i).build());
        }
        f.created(user("u2", "carol@acme.test").build());

        AuditPage bob = f.sync.audit(AuditQuery.of(ORG).withTarget("bob@acme.test").withActor("okta").page(0, 4));
        AuditPage next = f.sync.audit(AuditQuery.of(ORG).withTarget("bob@acme.test").page(4, 4));

        assertThat(bob.total()).isEqualTo(6);
        assertThat(bob.entries()).hasSize(4);
        assertThat(bob.entries().get(0).after()).containsEntry("metadata.title", "T4");
        assertThat(next.entries()).extracting(AuditEntry::action)
                .containsExactly(AuditAction.USER_UPDATED, AuditAction.USER_PROVISIONED);
        assertThat(f.sync.audit(AuditQuery.of(ORG).withActor("entra")).total()).isZero();
    }

    @Test
    void theSourcesPreviousAttributesAreKeptInTheAuditWithoutSensitiveValues() {
        f.created(user("u1", "bob@acme.test").build());

        f.send(new dev.dirsync.core.event.SourceEvent.UserUpdated(f.next(), user("u1", "robert@acme.test").build(),
                Map.of("email", "bob@acme.test", "ssn", "078-05-1120")));

        AuditEntry updated = audit().get(0);
        assertThat(updated.action()).isEqualTo(AuditAction.USER_UPDATED);
        assertThat(updated.detail()).contains("previous_attributes").contains("email=bob@acme.test")
                .doesNotContain("078-05-1120").doesNotContain("ssn");
    }
}
