package dev.dirsync.core.spi;

/**
 * Decides who may use the admin UI/API, for which organization. Implemented by the host from its own
 * authentication (session, JWT, Spring Security). Without one, every admin request is denied.
 *
 * <p>Two decisions: {@link #decide} for an organization's admin acting on that organization, and
 * {@link #decidePlatform} for what only the platform's operators may do (see {@link AdminRequest.Scope#PLATFORM}).
 * Implementing {@code decide} alone (a lambda) gives organization admins their organization and nobody the
 * platform operations: the safe choice is the default one.
 */
@FunctionalInterface
public interface AdminAccess {

    /**
     * Called for every request scoped to one organization ({@code request.organizationId()}): may this caller
     * administer that organization? Answer for that organization only.
     */
    AdminDecision decide(AdminRequest request);

    /**
     * Called instead of {@link #decide} for platform operations (listing every organization, creating one,
     * linking one to a WorkOS organization); {@code request.organizationId()} is null or the organization being
     * linked. Default: whoever {@link #decide} does not recognize gets its answer (401 stays 401), everyone else is
     * denied. Override it to let your platform operators in.
     */
    default AdminDecision decidePlatform(AdminRequest request) {
        AdminDecision caller = decide(request);
        if (caller instanceof AdminDecision.Denied denied && !denied.authenticated()) {
            return caller;
        }
        return AdminDecision.deny("listing, creating and linking organizations is reserved to the platform's "
                + "operators (the application grants it by overriding AdminAccess.decidePlatform)");
    }

    /** Denies everything: the default, so the admin surface is closed until the host opens it. */
    AdminAccess DENY_ALL = new AdminAccess() {
        @Override
        public AdminDecision decide(AdminRequest request) {
            return AdminDecision.deny("admin access is not configured: implement dev.dirsync.core.spi.AdminAccess "
                    + "and pass it to the dirsync servlet configuration");
        }

        @Override
        public AdminDecision decidePlatform(AdminRequest request) {
            return decide(request);
        }
    };
}
