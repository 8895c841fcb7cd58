package dev.dirsync.core.spi;

import java.util.Set;

/**
 * The roles and workspaces the host application really has, per organization. Optional: when the host gives one,
 * settings and group mappings may name only these, so a tenant's admin can never grant a role the host never
 * declared (say {@code superadmin}) or map a group to another tenant's workspace; without one, dirsync passes on
 * whatever names the settings hold.
 *
 * <p>Contract: each method returns the complete current set for the organization (empty: none at all), in the
 * order an admin UI should offer them (roles highest first; use a {@code LinkedHashSet}). Called when an admin
 * changes a role or workspace in the settings or a group mapping (inside that change's transaction), when the
 * admin UI offers choices, and during projection only for a user whose IdP assigns a role that counts (role source
 * IdP roles or both): an IdP role the catalog lacks is refused (audited and alerted as a blocked role change; the
 * user gets the role the rest resolves to, the default role at worst). It may read the host's database; it must not
 * call {@code DirectorySync}. A change a catalog shrinks later is not undone: settings are checked when they change.
 */
public interface HostCatalog {

    /** The role names the organization's users may be given. */
    Set<String> roles(String organizationId);

    /** The workspace names (slugs) of the organization that group mappings may grant. */
    Set<String> workspaces(String organizationId);
}
