package dev.dirsync.core.state;

import dev.dirsync.core.model.Organization;

import java.util.List;
import java.util.Optional;

/** Organizations (host tenants) and their settings. */
public interface OrganizationStore {

    /** Inserts; returns false, changing nothing, if an organization with this id exists. */
    boolean insert(Organization organization);

    Optional<Organization> find(String organizationId);

    /**
     * Finds and locks the organization until the transaction ends, so changes of one organization are
     * serialized across every application instance (row lock, {@code SELECT ... FOR UPDATE}).
     */
    Optional<Organization> lock(String organizationId);

    Optional<Organization> findByWorkosOrganizationId(String workosOrganizationId);

    /** Replaces the stored organization of the same id; fails if there is none. */
    void update(Organization organization);

    List<Organization> list();
}
