package dev.dirsync.core.workos;

import com.workos.common.exceptions.NotFoundException;
import com.workos.common.http.RequestOptions;
import com.workos.types.GenerateLinkIntent;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.model.Organization;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Connects a host tenant to WorkOS: creates or finds its WorkOS organization, links the two (applying
 * directory activations held until then) and makes Admin Portal links for the customer's IT admin.
 */
public final class WorkosSetup {
    private static final Logger log = LoggerFactory.getLogger(WorkosSetup.class);

    private final Api api;
    private final DirectorySync sync;
    private final EventIntake intake;

    WorkosSetup(Api api, DirectorySync sync, EventIntake intake) {
        this.api = api;
        this.sync = sync;
        this.intake = intake;
    }

    /**
     * A tenant linked to its WorkOS organization.
     *
     * @param activatedDirectories directories whose held {@code dsync.activated} was applied by this link;
     *                             run a first sync ({@link BulkImporter#firstSync}) for each
     */
    public record LinkResult(String organizationId, String workosOrganizationId, List<String> activatedDirectories) {
        public LinkResult {
            activatedDirectories = List.copyOf(activatedDirectories);
        }
    }

    /**
     * Finds the WorkOS organization whose external id is the tenant's id, or creates it (named like the tenant,
     * idempotently), and links it. A tenant already linked is returned as it is.
     */
    public LinkResult createWorkosOrganization(String organizationId) {
        Organization org = organization(organizationId);
        if (org.workosOrganizationId() != null) {
            return link(organizationId, org.workosOrganizationId());
        }
        String workosId;
        try {
            workosId = api.client().getOrganizations().getByExternalId(organizationId).getId();
        } catch (NotFoundException e) {
            workosId = api.client().getOrganizations().create(org.name(), null, null, null, null, organizationId,
                    RequestOptions.builder().idempotencyKey("dirsync-organization-" + organizationId).build()).getId();
            log.info("created WorkOS organization {} for organization {}", workosId, organizationId);
        }
        return link(organizationId, workosId);
    }

    /**
     * Records that the tenant owns the WorkOS organization (audited as done by dirsync), then applies the
     * directory activations held for it. Fails if another tenant owns it, or the tenant is linked to a different
     * WorkOS organization.
     */
    public LinkResult link(String organizationId, String workosOrganizationId) {
        return link(organizationId, workosOrganizationId, Source.SYSTEM);
    }

    /** {@link #link(String, String)} on behalf of {@code actor}, who the audit log names. */
    public LinkResult link(String organizationId, String workosOrganizationId, Source actor) {
        Objects.requireNonNull(workosOrganizationId, "workosOrganizationId");
        sync.linkWorkosOrganization(organizationId, workosOrganizationId, actor);
        List<Map<String, Object>> held = sync.checkpoints(cp -> PendingActivations.list(cp, workosOrganizationId));
        List<String> activated = new ArrayList<>();
        for (Map<String, Object> envelope : held) {
            // replayed before the hold is cleared: a crash in between replays again, and the ledger dedupes
            if (intake.take(envelope) instanceof EventIntake.Result.Taken) {
                activated.add(Json.str(Json.obj(envelope, "data"), "id"));
            }
        }
        sync.checkpoints(cp -> {
            PendingActivations.clear(cp, workosOrganizationId);
            return null;
        });
        return new LinkResult(organizationId, workosOrganizationId, activated);
    }

    /** Directories whose {@code dsync.activated} is held for this WorkOS organization until a tenant links it. */
    public List<String> heldActivations(String workosOrganizationId) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> e : sync.checkpoints(cp -> PendingActivations.list(cp, workosOrganizationId))) {
            out.add(Json.str(Json.obj(e, "data"), "id"));
        }
        return out;
    }

    /**
     * A one-time Admin Portal link (intent {@code dsync}) where the customer's IT admin connects their directory.
     * Links expire after a few minutes: make one when the admin clicks, never store it.
     */
    public URI adminPortalLink(String organizationId, @Nullable URI returnUrl, @Nullable URI successUrl) {
        Organization org = organization(organizationId);
        if (org.workosOrganizationId() == null) {
            throw new IllegalStateException("organization '" + organizationId + "' is not linked to WorkOS: call "
                    + "WorkosSetup.createWorkosOrganization or link first");
        }
        String link = api.client().getAdminPortal().generateLink(org.workosOrganizationId(),
                returnUrl == null ? null : returnUrl.toString(), successUrl == null ? null : successUrl.toString(),
                GenerateLinkIntent.Dsync).getLink();
        return URI.create(link);
    }

    private Organization organization(String organizationId) {
        return sync.organization(organizationId).orElseThrow(() -> unknown(organizationId));
    }

    private static IllegalArgumentException unknown(String id) {
        return new IllegalArgumentException("unknown organization '" + id + "': create it with "
                + "DirectorySync.createOrganization first");
    }
}
