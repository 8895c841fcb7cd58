package dev.dirsync.core.state;

import java.util.List;
import java.util.Optional;

/**
 * Directory connections per organization. A WorkOS directory (its id is global at WorkOS) is connected to at most
 * one organization, enforced by the store (a unique constraint); a SCIM directory id is chosen by the organization's
 * admin (default {@code scim}) and belongs to that organization only, so the same SCIM id in two organizations names
 * two different directories.
 */
public interface ConnectionStore {

    Optional<DirectoryConnection> find(String organizationId, String directoryId);

    /**
     * Inserts or replaces the connection keyed by (organizationId, directoryId).
     *
     * @throws RuntimeException (the store's unique-constraint failure) if it is a WorkOS connection of a directory
     *                          another organization is connected to; callers check {@link #findWorkosDirectory} first
     */
    void put(DirectoryConnection connection);

    /** The WorkOS connection of this directory id, in whichever organization it is (at most one). */
    Optional<DirectoryConnection> findWorkosDirectory(String directoryId);

    List<DirectoryConnection> list(String organizationId);
}
