package dev.dirsync.core.state;

import dev.dirsync.core.model.Organization;

import java.util.List;
import java.util.Optional;

/** Organizations (host tenants) and their settings. */
public interface OrganizationStore {

    /**
     * Inserts; returns false, changing nothing, if an organization with this id exists. A WorkOS organization id
     * belongs to at most one organization: inserting a second one fails (the store's unique constraint).
     */
    boolean insert(Organization organization);

    Optional<Organization> find(String organizationId);

    /**
     * Finds and locks the organization until the transaction ends, so changes of one organization are
     * serialized across every application instance (row lock, {@code SELECT ... FOR UPDATE}).
     */
    Optional<Organization> lock(String organizationId);

    /** The one organization linked to this WorkOS organization (unique in the store), if any. */
    Optional<Organization> findByWorkosOrganizationId(String workosOrganizationId);

    /**
     * Replaces the stored organization of the same id; fails if there is none, or if its WorkOS organization id
     * is another organization's.
     */
    void update(Organization organization);

    List<Organization> list();
}
