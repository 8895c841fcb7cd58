package dev.dirsync.core.state;

import dev.dirsync.core.model.DirectoryUserKey;

import java.util.List;

/** Pending changes of organizations in test mode, one entry per user (replaced as the mirror moves). */
public interface PreviewStore {

    void put(PreviewEntry entry);

    void remove(DirectoryUserKey key);

    /** Entries of the organization, ordered by directory id then user id. */
    List<PreviewEntry> list(String organizationId);

    void clear(String organizationId);
}
