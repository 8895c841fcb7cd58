package dev.dirsync.servlet.scim;

/**
 * How much one organization may hold through SCIM, so that one tenant's IdP (or a leaked token) cannot fill the
 * database that every tenant shares. Counted from the read model's {@link dev.dirsync.core.read.DirectoryCounts}
 * (live users, live groups, stored memberships), not by loading anything. A write past a quota is refused with
 * 403 and a detail naming the quota; see {@link QuotaGuard} for why 403.
 *
 * @param maxUsers live directory users per organization
 * @param maxGroups live directory groups per organization
 * @param maxMemberships stored group memberships per organization
 */
public record ScimQuotas(long maxUsers, long maxGroups, long maxMemberships) {
    /** Default: far above any one customer's directory, low enough to stop a runaway client. */
    public static final long DEFAULT_MAX_USERS = 1_000_000;
    public static final long DEFAULT_MAX_GROUPS = 100_000;
    public static final long DEFAULT_MAX_MEMBERSHIPS = 10_000_000;

    public ScimQuotas {
        if (maxUsers < 1 || maxGroups < 1 || maxMemberships < 1) {
            throw new IllegalArgumentException("SCIM quotas must be positive: users " + maxUsers + ", groups "
                    + maxGroups + ", memberships " + maxMemberships);
        }
    }

    public static ScimQuotas defaults() {
        return new ScimQuotas(DEFAULT_MAX_USERS, DEFAULT_MAX_GROUPS, DEFAULT_MAX_MEMBERSHIPS);
    }
}
