package dev.dirsync.core.spi;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The host's user table, as far as Directory Sync needs it. Implemented by the host.
 *
 * <p>Contract (proved by {@code UserStoreContract} in dirsync-core's test-jar):
 * <ul>
 *   <li>every mutator sets a value to exactly what it is given (desired state, not a delta), so calling it
 *       twice with the same arguments leaves the same state as calling it once;</li>
 *   <li>dirsync calls these methods for one organization at a time, inside the state store's transaction
 *       for the projected user; a host sharing the library's {@code DataSource} should join that
 *       transaction so both commit or neither does;</li>
 *   <li>an exception aborts the projection; dirsync does not record it as applied and a retry re-applies it.</li>
 * </ul>
 */
public interface UserStore {

    /** The host user that follows this directory user, if one was created or linked before. */
    Optional<AppUser> findByDirectoryUser(DirectoryUserKey key);

    /**
     * An existing, not yet linked host user of the organization whose <em>verified</em> email equals
     * {@code email} (case-insensitive). Return empty for unverified addresses: linking on an unverified
     * address would hand the account to whoever typed it.
     */
    Optional<AppUser> findLinkableByVerifiedEmail(String organizationId, String email);

    /** Creates a host user in the projected state (identity, status, role, workspaces, metadata) and returns it. */
    AppUser create(Projection desired);

    /** Records that an existing host user now follows this directory user. */
    void link(String appUserId, DirectoryUserKey key);

    /** Sets identity fields and directory metadata to exactly these values. */
    void updateProfile(String appUserId, Identity identity, Map<String, String> metadata);

    /** Deactivates, reactivates or makes read-only. */
    void setStatus(String appUserId, UserStatus status);

    /** Sets the user's role in its organization; null means no role. */
    void setRole(String appUserId, @Nullable String role);

    /** Sets the user's workspace memberships to exactly this set. */
    void setWorkspaces(String appUserId, Set<String> workspaces);

    /** Active users of the organization holding {@code adminRole}, earliest {@code memberSince} first. */
    List<AppUser> listActiveAdmins(String organizationId, String adminRole);

    /** Active users of the organization, earliest {@code memberSince} first (auto-promotion picks from these). */
    List<AppUser> listActiveUsers(String organizationId);

    /**
     * Removes or anonymizes a deactivated user whose grace period ended. Only called under the GRACE
     * deactivation policy; the default refuses so that policy cannot be chosen without a purge hook.
     */
    default void purge(String appUserId) {
        throw new UnsupportedOperationException("The GRACE deactivation policy needs UserStore.purge: implement it "
                + "to remove or anonymize user " + appUserId + ", or choose IMMEDIATE or READ_ONLY");
    }

    /**
     * The current role, workspaces and status of these host users of the organization, as the app holds them now
     * (whoever changed them: dirsync, an in-app admin, a script). Read by the drift check, which compares them with
     * what dirsync last applied; called under the organization's lock for one page of users at a time, so answer
     * with one query, not one per user. Leave out users that no longer exist.
     *
     * <p>Optional: the default throws {@link UnsupportedOperationException}, which means "not supported" and turns
     * drift detection off for this host (the check reports it as unsupported and changes nothing).
     */
    default Map<String, AppAccess> currentAccess(String organizationId, Set<String> appUserIds) {
        throw new UnsupportedOperationException("drift detection needs UserStore.currentAccess: implement it to "
                + "read users' current role, workspaces and status");
    }
}
