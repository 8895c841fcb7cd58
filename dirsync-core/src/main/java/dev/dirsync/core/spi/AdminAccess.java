package dev.dirsync.core.spi;

/**
 * Decides who may use the admin UI/API, for which organization. Implemented by the host from its own
 * authentication (session, JWT, Spring Security). Without one, every admin request is denied.
 */
@FunctionalInterface
public interface AdminAccess {

    /** Called for every admin request; {@code request.organizationId()} is null for cross-organization calls. */
    AdminDecision decide(AdminRequest request);

    /** Denies everything: the default, so the admin surface is closed until the host opens it. */
    AdminAccess DENY_ALL = request -> AdminDecision.deny("admin access is not configured: implement "
            + "dev.dirsync.core.spi.AdminAccess and pass it to the dirsync servlet configuration");
}
