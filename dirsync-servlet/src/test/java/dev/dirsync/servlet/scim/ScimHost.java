package dev.dirsync.servlet.scim;

import dev.dirsync.core.model.UserStatus;
import org.jspecify.annotations.Nullable;

import java.util.Optional;

/**
 * A host application with dirsync's SCIM endpoint, as the IdP conformance suites see it: a Jetty harness here,
 * the demo app in examples/. The organization is "acme".
 */
public interface ScimHost extends AutoCloseable {
    String ORG = "acme";

    /** Issues a SCIM token for a directory of "acme", as its admin does, and returns that IdP's client. */
    ScimClient.Client client(String provider, String directoryId);

    /** The host's user that follows this SCIM user, as the host itself stores it. */
    Optional<HostUser> hostUser(String directoryId, String scimId);

    /** True if the host ended the sessions of the user that follows this SCIM user. */
    boolean sessionsRevoked(String directoryId, String scimId);

    /** Everything dirsync's mirror holds for "acme", as text (to prove what is never stored). */
    String mirrorText();

    /** A host user's identity and status. */
    record HostUser(@Nullable String email, @Nullable String givenName, @Nullable String familyName,
                    UserStatus status) {
    }
}
