package dev.dirsync.core.state;

import java.util.List;
import java.util.Optional;

/** Directory connections per organization. */
public interface ConnectionStore {

    Optional<DirectoryConnection> find(String organizationId, String directoryId);

    /** Inserts or replaces the connection keyed by (organizationId, directoryId). */
    void put(DirectoryConnection connection);

    List<DirectoryConnection> list(String organizationId);
}
