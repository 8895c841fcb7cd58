package dev.dirsync.core;

import dev.dirsync.core.BindingConflict;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.state.DirectoryConnection;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.dirsync.core.Fixture.ADMIN;
import static dev.dirsync.core.Fixture.DIR;
import static dev.dirsync.core.Fixture.ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One tenant can never capture another's directory: a WorkOS organization is linked to one organization, a WorkOS
 * directory is connected to one, and the refusals never name the other tenant.
 */
class TenantBindingTest {
    private static final String ACME_WORKOS = "org_01ACME";
    private final Fixture f = new Fixture();

    TenantBindingTest() {
        f.sync.linkWorkosOrganization(ORG, ACME_WORKOS, ADMIN);
    }

    @Test
    void creatingATenantWithAnotherTenantsWorkosOrganizationIsRefusedAndEventsStillReachTheOwner() {
        assertThatThrownBy(() -> f.sync.createOrganization("-a", "Attacker", ACME_WORKOS, OrganizationSettings.defaults()))
                .isInstanceOfSatisfying(BindingConflict.class, c -> {
                    assertThat(c.kind()).isEqualTo(BindingConflict.Kind.WORKOS_ORGANIZATION);
                    assertThat(c.value()).isEqualTo(ACME_WORKOS);
                })
                .hasMessageContaining("already linked to another organization")
                .hasMessageNotContaining("'" + ORG + "'");

        assertThat(f.sync.organization("-a")).isEmpty();
        assertThat(f.sync.organizationByWorkosId(ACME_WORKOS)).map(Organization::id).contains(ORG);
    }

    @Test
    void linkingAnotherTenantsWorkosOrganizationIsRefusedAndChangesNothing() {
        f.sync.createOrganization("-a", "Attacker");

        assertThatThrownBy(() -> f.sync.linkWorkosOrganization("-a", ACME_WORKOS, Source.admin("mallory")))
                .isInstanceOf(BindingConflict.class).hasMessageNotContaining("'" + ORG + "'");

        assertThat(f.sync.organization("-a").orElseThrow().workosOrganizationId()).isNull();
        assertThat(f.sync.organizationByWorkosId(ACME_WORKOS)).map(Organization::id).contains(ORG);
    }

    @Test
    void anEventPutsAWorkosDirectoryOfAnotherTenantIntoNoOtherTenantAndIsNotSwallowed() {
        f.created(Fixture.user("u1", "ann@acme.test").build()); // acme's WorkOS directory is connected to acme
        f.sync.createOrganization("-a", "Attacker");
        EventMeta stolen = new EventMeta("evt_stolen", "-a", DIR, Source.workos("Okta"), Instant.parse("2026-01-06T00:00:00Z"));

        Outcome o = f.sync.accept(new SourceEvent.UserCreated(stolen, DirectoryUser.builder("u2", DIR).email("bob@acme.test").build()));

        assertThat(o).isInstanceOfSatisfying(Outcome.Rejected.class, r ->
                assertThat(r.reason()).contains("directory " + DIR + " is already connected to another organization")
                        .doesNotContain("'" + ORG + "'"));
        assertThat(f.sync.directoryUsers("-a")).isEmpty();
        assertThat(f.sync.directory("-a").connections()).isEmpty();
        assertThat(f.sync.directory(ORG).connections()).extracting(DirectoryConnection::directoryId).containsExactly(DIR);
        boolean recorded = f.state.inTransaction(tx -> tx.ledger().contains("-a", "evt_stolen"));
        assertThat(recorded)
                .as("a refused event is not recorded: once the binding is fixed, a redelivery is taken").isFalse();
    }

    @Test
    void scimDirectoryIdsBelongToTheirOrganizationButAWorkosDirectoryIdIsNeverOneOfThem() {
        f.created(Fixture.user("u1", "ann@acme.test").build());
        f.sync.createOrganization("globex", "Globex");

        // the default SCIM id is used by every tenant: each one's "scim" is its own directory
        f.sync.issueScimCredential(ORG, "scim", "Okta", ADMIN);
        f.sync.issueScimCredential("globex", "scim", "Okta", Source.admin("gina"));

        assertThatThrownBy(() -> f.sync.issueScimCredential("globex", DIR, "Okta", Source.admin("gina")))
                .isInstanceOf(BindingConflict.class)
                .hasMessageContaining("directory " + DIR + " is already connected to another organization")
                .hasMessageNotContaining("'" + ORG + "'");
        assertThatThrownBy(() -> f.sync.issueScimCredential(ORG, DIR, "Okta", ADMIN))
                .isNotInstanceOf(BindingConflict.class)
                .hasMessageContaining("is this organization's WorkOS directory");
        assertThat(f.sync.scimCredentials("globex")).hasSize(1);
    }
}
