package dev.dirsync.core.model;

/** Where a user's role comes from. */
public enum RoleSource {
    /** The organization's group mappings. The default. */
    GROUP_MAPPINGS,
    /** Role slugs the IdP/WorkOS assigns to the user; group mappings still give workspaces. */
    IDP_ROLES,
    /** Both; the highest role by precedence wins. */
    BOTH
}
